import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../components/useApi.ts';
import { plansApi } from './api.ts';
import { ProgressBar } from './ProgressBar.tsx';

async function load(gadId: string, signal: AbortSignal) {
  const plans = await plansApi.list({ gad: gadId, state: 'approved' }, signal);
  const plan = plans.items[0];
  if (!plan) return null;
  return { plan, progress: await plansApi.progress(plan.id, signal) };
}

/** The GAD profile's view of its approved plan: its targets' progress and a link to the alignment dashboard. */
export function PlanSummary({ gadId }: { gadId: string }) {
  const { t } = useTranslation();
  const result = useApi((signal) => load(gadId, signal), [gadId]);
  if (result.status !== 'ok' || !result.data) return null;
  const { plan, progress } = result.data;
  return (
    <section className="section" aria-labelledby="plan-summary" data-testid="plan-summary">
      <h2 id="plan-summary">{t('plans.summary.title')}</h2>
      <p><Link to={`/plans/${plan.id}`}>{plan.title}</Link> · <Link to={`/alignment?gad=${encodeURIComponent(gadId)}`}>{t('plans.alignmentLink')}</Link></p>
      <ul className="plain-list target-list">
        {progress.targets.slice(0, 4).map((tg) => <li key={tg.id} className="card compact"><ProgressBar target={tg} /></li>)}
      </ul>
    </section>
  );
}
