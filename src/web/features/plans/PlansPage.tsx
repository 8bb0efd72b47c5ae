import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { GadPicker } from '../../components/GadPicker.tsx';
import { ErrorMessage, Loading } from '../../components/Status.tsx';
import { formatDate } from '../../components/format.ts';
import { useApi } from '../../components/useApi.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { can, useSession } from '../../session/session.tsx';
import { plansApi } from './api.ts';
import { PlanForm } from './PlanForm.tsx';

/** The strategic plans for international relations, every version the reader may see. */
export default function PlansPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  usePageTitle(t('plans.title'));
  const { me } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const gad = params.get('gad') ?? '';
  const [creating, setCreating] = useState(false);
  const result = useApi((signal) => plansApi.list({ gad: gad || undefined }, signal), [gad]);

  return (
    <div>
      <header className="page-header">
        <h1>{t('plans.title')}</h1>
        <p className="lead">{t('plans.lead')}</p>
      </header>
      <div className="filter-bar">
        <div className="field"><GadPicker value={gad} onChange={(ref) => setParams(ref ? { gad: ref } : {})} /></div>
        {can.edit(me) && me?.gad && !creating && (
          <button type="button" className="button" onClick={() => setCreating(true)} data-testid="new-plan">{t('plans.new')}</button>
        )}
        <Link to="/alignment">{t('plans.alignmentLink')}</Link>
      </div>
      {creating && <PlanForm plan={null} onSaved={(plan) => navigate(`/plans/${plan.id}`)} onCancel={() => setCreating(false)} />}
      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ErrorMessage error={result.error} onRetry={result.reload} />}
      {result.status === 'ok' && (result.data.items.length === 0 ? <p className="empty">{t('plans.noPlans')}</p> : (
        <ul className="plain-list" data-testid="plan-list">
          {result.data.items.map((p) => (
            <li key={p.id} className="card compact">
              <h2 className="h3"><Link to={`/plans/${p.id}`}>{p.title}</Link></h2>
              <p className="small">
                {p.gad.name} · {t('plans.versionOf', { n: p.versionNumber })} · <span className={`state state-plan-${p.state}`}>{t(`plans.state.${p.state}`)}</span>
                {' · '}{t('plans.period', { from: formatDate(p.periodStart, locale), to: formatDate(p.periodEnd, locale) })}
                {p.illustrative && <> · <span className="badge badge-illustrative">{t('common.illustrative')}</span></>}
              </p>
            </li>
          ))}
        </ul>
      ))}
    </div>
  );
}
