import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { GadPicker } from '../../components/GadPicker.tsx';
import { ErrorMessage, Loading } from '../../components/Status.tsx';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../components/format.ts';
import { useApi } from '../../components/useApi.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useReference } from '../../components/useReference.ts';
import { can, useSession } from '../../session/session.tsx';
import { plansApi, type Share } from './api.ts';
import { ProgressBar } from './ProgressBar.tsx';

const percent = (share: number | null, locale: string) => (share === null ? '—' : `${formatNumber(Math.round(share * 1000) / 10, locale)} %`);

function ShareCard({ label, share, testId }: { label: string; share: Share; testId: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  return (
    <div data-testid={testId}>
      <dt>{label}</dt>
      <dd>{percent(share.share, locale)}</dd>
      <dd className="small">{t('plans.alignment.ofActions', { linked: share.linked, total: share.total })}</dd>
    </div>
  );
}

function National({ from, to }: { from: string; to: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const result = useApi((signal) => plansApi.national({ from, to }, signal), [from, to]);
  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') return <ErrorMessage error={result.error} onRetry={result.reload} />;
  const rows = result.data.items.filter((r) => r.actions > 0 || r.plan);
  return (
    <section className="section" aria-labelledby="national">
      <h2 id="national">{t('plans.alignment.national')}</h2>
      <p className="muted small" data-testid="national-as-of">{t('plans.alignment.asOf', { date: formatDateTime(result.data.asOf, locale) })}</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="national">
        <table className="table table-numeric" data-testid="national-table">
          <caption className="visually-hidden">{t('plans.alignment.national')}</caption>
          <thead><tr>
            <th scope="col">{t('plans.alignment.gad')}</th><th scope="col">{t('plans.alignment.plan')}</th><th scope="col">{t('plans.alignment.actions')}</th>
            <th scope="col">{t('plans.alignment.linkedPlan')}</th><th scope="col">{t('plans.alignment.linkedNational')}</th>
          </tr></thead>
          <tbody>{rows.map((r) => (
            <tr key={r.gad.id}>
              <th scope="row"><Link to={`/alignment?gad=${r.gad.id}&from=${from}&to=${to}`}>{r.gad.name}</Link></th>
              <td>{r.plan ? <Link to={`/plans/${r.plan.id}`}>{t(`plans.state.${r.plan.state}`)}</Link> : '—'}</td>
              <td>{formatNumber(r.actions, locale)}</td>
              <td>{percent(r.shareActionsLinkedToPlan, locale)}</td>
              <td>{percent(r.shareLinkedToNationalPolicy, locale)}</td>
            </tr>
          ))}</tbody>
        </table>
      </div>
    </section>
  );
}

/** A GAD's alignment with its plan and national policy over a period; analysts also compare GADs. */
export default function AlignmentPage() {
  const { t, i18n } = useTranslation();
  const locale = (i18n.resolvedLanguage ?? 'es') as 'es' | 'en' | 'pt';
  usePageTitle(t('plans.alignment.title'));
  const { themeName, countryName } = useReference();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const year = new Date().getFullYear();
  const from = params.get('from') ?? `${year - 3}-01-01`;
  const to = params.get('to') ?? `${year}-12-31`;
  const gad = params.get('gad') ?? me?.gad?.id ?? (me === undefined ? '' : '1701');
  const [range, setRange] = useState({ from, to });
  useEffect(() => setRange({ from, to }), [from, to]);
  const result = useApi((signal) => (gad ? plansApi.alignment({ gad, from, to }, signal) : Promise.resolve(null)), [gad, from, to]);

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v) next.set(k, v); else next.delete(k); }
    setParams(next);
  };
  const onSubmit = (event: FormEvent) => { event.preventDefault(); update(range); };
  const data = result.status === 'ok' ? result.data : null;
  const priority = (p: { kind: string; value: string; label: { es: string; en: string; pt: string } | null }) => p.label?.[locale]
    ?? (p.kind === 'theme' ? themeName(p.value) : p.kind === 'country' ? countryName(p.value) : t(`plans.region.${p.value}`, { defaultValue: p.value }));

  return (
    <div>
      <header className="page-header">
        <h1>{t('plans.alignment.title')}{data && <> · {data.gad.name}</>}</h1>
        <p className="lead">{t('plans.alignment.lead')}</p>
      </header>
      <form className="filter-bar card" onSubmit={onSubmit} aria-label={t('plans.alignment.filters')}>
        <div className="field"><GadPicker value={gad} onChange={(ref) => update({ gad: ref })} /></div>
        <div className="field"><label htmlFor="alignment-from">{t('plans.alignment.from')}</label>
          <input id="alignment-from" type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} /></div>
        <div className="field"><label htmlFor="alignment-to">{t('plans.alignment.to')}</label>
          <input id="alignment-to" type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} /></div>
        <button type="submit" className="button">{t('plans.alignment.apply')}</button>
      </form>
      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ErrorMessage error={result.error} onRetry={result.reload} />}
      {data && (
        <>
          <p>{data.plan
            ? <>{t('plans.alignment.planIs')} <Link to={`/plans/${data.plan.id}`}>{data.plan.title}</Link> ({t(`plans.state.${data.plan.state}`)})</>
            : t('plans.alignment.noPlan')}</p>
          <dl className="stat-grid" data-testid="alignment-shares">
            <ShareCard label={t('plans.alignment.linkedPlan')} share={data.shareActionsLinkedToPlan} testId="share-plan" />
            <ShareCard label={t('plans.alignment.linkedNational')} share={data.shareLinkedToNationalPolicy} testId="share-national" />
            <ShareCard label={t('plans.alignment.linkedSdgs')} share={data.shareLinkedToSdgs} testId="share-sdgs" />
            {data.shareMoneyLinkedToPlan.map((m) => (
              <div key={m.currency}>
                <dt>{t('plans.alignment.money', { currency: m.currency })}</dt>
                <dd>{percent(m.share, locale)}</dd>
                <dd className="small">{formatMoney(m.linkedMinor, m.currency, locale)} / {formatMoney(m.totalMinor, m.currency, locale)}</dd>
              </div>
            ))}
          </dl>
          {data.targets.length > 0 && (
            <section className="section" aria-labelledby="alignment-targets">
              <h2 id="alignment-targets">{t('plans.targets')}</h2>
              <ul className="plain-list target-list">{data.targets.map((tg) => <li key={tg.id} className="card compact"><ProgressBar target={tg} /></li>)}</ul>
            </section>
          )}
          <div className="two-col">
            <section className="section" aria-labelledby="objectives-without">
              <h2 id="objectives-without">{t('plans.alignment.objectivesWithout')}</h2>
              {data.objectivesWithoutAction.length === 0 ? <p className="muted">{t('plans.none')}</p> : (
                <ul>{data.objectivesWithoutAction.map((o) => <li key={o.key}><strong>{o.code}</strong> {o.text}</li>)}</ul>
              )}
            </section>
            <section className="section" aria-labelledby="priorities-nothing">
              <h2 id="priorities-nothing">{t('plans.alignment.prioritiesNothing')}</h2>
              {data.prioritiesWithNothing.length === 0 ? <p className="muted">{t('plans.none')}</p> : (
                <ul>{data.prioritiesWithNothing.map((p, i) => <li key={i}>{t(`plans.priorityKind.${p.kind}`, { defaultValue: p.kind })}: {priority(p)}</li>)}</ul>
              )}
            </section>
          </div>
          <section className="section" aria-labelledby="outside">
            <h2 id="outside">{t('plans.alignment.outside', { count: data.actionsOutsidePlan.length })}</h2>
            {data.actionsOutsidePlan.length === 0 ? <p className="muted">{t('plans.none')}</p> : (
              <ul className="small">{data.actionsOutsidePlan.slice(0, 50).map((a) => (
                <li key={a.id}><Link to={`/actions/${a.id}`}>{a.title}</Link> ({t(`actionType.${a.type}`, { defaultValue: a.type })}{a.startDate && `, ${formatDate(a.startDate, locale)}`})</li>
              ))}</ul>
            )}
          </section>
        </>
      )}
      {can.analyse(me) && <National from={from} to={to} />}
    </div>
  );
}
