import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading, isNotFound } from '../../components/Status.tsx';
import { formatDate } from '../../components/format.ts';
import { useApi } from '../../components/useApi.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useReference } from '../../components/useReference.ts';
import { can, useSession } from '../../session/session.tsx';
import NotFoundPage from '../../pages/NotFoundPage.tsx';
import { plansApi, type PlanDetail } from './api.ts';
import { PlanForm } from './PlanForm.tsx';
import { ProgressBar } from './ProgressBar.tsx';

async function load(id: string, signal: AbortSignal) {
  const [plan, progress] = await Promise.all([plansApi.get(id, signal), plansApi.progress(id, signal)]);
  return { plan, progress };
}

/** One plan version: vision, axes and objectives, priorities, targets with computed progress, versions, PDF. */
export default function PlanPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const locale = (i18n.resolvedLanguage ?? 'es') as 'es' | 'en' | 'pt';
  const { themeName, countryName } = useReference();
  const { me } = useSession();
  const navigate = useNavigate();
  const result = useApi((signal) => load(id, signal), [id]);
  const [editing, setEditing] = useState(false);
  const [approveError, setApproveError] = useState<unknown>(null);
  usePageTitle(result.status === 'ok' ? result.data.plan.title : t('plans.title'));

  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') return isNotFound(result.error) ? <NotFoundPage /> : <ErrorMessage error={result.error} onRetry={result.reload} />;
  const { plan, progress } = result.data;
  const editable = can.edit(me, plan.gad.id) && plan.state !== 'superseded';
  const approvable = can.administer(me) && (me?.role === 'platform_admin' || me?.gad?.id === plan.gad.id) && plan.state === 'draft';

  const saved = (next: PlanDetail) => {
    setEditing(false);
    if (next.id !== plan.id) navigate(`/plans/${next.id}`);
    else result.reload();
  };
  async function approve() {
    setApproveError(null);
    try {
      await plansApi.approve(plan.id, plan.version);
      result.reload();
    } catch (error) {
      setApproveError(error);
    }
  }
  const priorityLabel = (p: PlanDetail['priorities'][number]) => p.label?.[locale]
    ?? (p.kind === 'theme' ? themeName(p.value) : p.kind === 'country' ? countryName(p.value) : p.kind === 'region' ? t(`plans.region.${p.value}`, { defaultValue: p.value }) : p.value);

  return (
    <article data-testid="plan-page">
      <header className="page-header">
        <p className="eyebrow"><Link to={`/gads/${plan.gad.dpaCode || plan.gad.id}`}>{plan.gad.name}</Link> · {t('plans.versionOf', { n: plan.versionNumber })}</p>
        <h1>{plan.title}</h1>
        <p className="badges">
          <span className={`state state-plan-${plan.state}`} data-testid="plan-state">{t(`plans.state.${plan.state}`)}</span>
          {plan.illustrative && <span className="badge badge-illustrative">{t('common.illustrative')}</span>}
        </p>
        <p>{t('plans.period', { from: formatDate(plan.periodStart, locale), to: formatDate(plan.periodEnd, locale) })}</p>
        <div className="button-row">
          {(['es', 'en', 'pt'] as const).map((lang) => (
            <a key={lang} className="button button-secondary" href={plansApi.pdfUrl(plan.id, lang)} hrefLang={lang} data-testid={`pdf-${lang}`}>
              {t('plans.pdf', { lang: lang.toUpperCase() })}
            </a>
          ))}
          {editable && !editing && <button type="button" className="button" onClick={() => setEditing(true)} data-testid="edit-plan">{t('plans.edit')}</button>}
          {approvable && <button type="button" className="button" onClick={() => void approve()} data-testid="approve-plan">{t('plans.approve')}</button>}
          <Link to={`/alignment?gad=${encodeURIComponent(plan.gad.id)}`}>{t('plans.alignmentLink')}</Link>
        </div>
        {approveError !== null && <ErrorMessage error={approveError} />}
      </header>

      {editing ? <PlanForm plan={plan} onSaved={saved} onCancel={() => setEditing(false)} /> : (
        <>
          {plan.vision && (
            <section className="section" aria-labelledby="vision"><h2 id="vision">{t('plans.vision')}</h2><p className="prose">{plan.vision}</p></section>
          )}
          <section className="section" aria-labelledby="targets">
            <h2 id="targets">{t('plans.targets')}</h2>
            <p className="muted small">{t('plans.computed', { date: formatDate(progress.asOf, locale) })}</p>
            {progress.targets.length === 0 ? <p className="muted">{t('plans.none')}</p> : (
              <ul className="plain-list target-list">{progress.targets.map((tg) => <li key={tg.id} className="card compact"><ProgressBar target={tg} /></li>)}</ul>
            )}
          </section>
          <section className="section" aria-labelledby="objectives">
            <h2 id="objectives">{t('plans.axesAndObjectives')}</h2>
            {plan.axes.map((axis) => (
              <div key={axis.code} className="axis">
                <h3>{axis.code}. {axis.title}</h3>
                <ul>{plan.objectives.filter((o) => o.axis === axis.code).map((o) => <li key={o.code}><strong>{o.code}</strong> {o.text}</li>)}</ul>
              </div>
            ))}
            {plan.objectives.some((o) => !o.axis || !plan.axes.some((a) => a.code === o.axis)) && (
              <ul>{plan.objectives.filter((o) => !o.axis || !plan.axes.some((a) => a.code === o.axis)).map((o) => <li key={o.code}><strong>{o.code}</strong> {o.text}</li>)}</ul>
            )}
          </section>
          {plan.priorities.length > 0 && (
            <section className="section" aria-labelledby="priorities">
              <h2 id="priorities">{t('plans.priorities')}</h2>
              <ul className="tags">{plan.priorities.map((p, i) => (
                <li key={i} className="tag">{t(`plans.priorityKind.${p.kind}`)}: {priorityLabel(p)}{p.objective && ` (${p.objective})`}</li>
              ))}</ul>
            </section>
          )}
        </>
      )}
      <section className="section" aria-labelledby="versions">
        <h2 id="versions">{t('plans.versions')}</h2>
        <ol className="plain-list">
          {plan.versions.map((ver) => (
            <li key={ver.id}>
              {ver.id === plan.id ? <strong>{t('plans.versionOf', { n: ver.versionNumber })}</strong> : <Link to={`/plans/${ver.id}`}>{t('plans.versionOf', { n: ver.versionNumber })}</Link>}
              {' · '}{t(`plans.state.${ver.state}`)}{ver.approvedAt && ` · ${formatDate(ver.approvedAt.slice(0, 10), locale)}`}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
