import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../components/Status.tsx';
import { formatDateTime, formatNumber } from '../../components/format.ts';
import { useApi } from '../../components/useApi.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { analyticsApi, KINDS } from './api.ts';
import { EcuadorMap, SplitChart, WorldMap } from './charts.tsx';
import { PeriodForm, usePeriod } from './GadAnalyticsPage.tsx';
import './analytics.css';

const pct = (share: number | null, locale: string) =>
  share === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);

/** For analysts (and anyone): GADs ranked, the share with any international activity, and the maps. */
export default function NationalPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const n = (v: number) => formatNumber(v, locale);
  const { from, to, params, setParams } = usePeriod(2005);
  usePageTitle(t('analytics.national.title'));
  const result = useApi(async (signal) => {
    const [national, partners] = await Promise.all([analyticsApi.national({ from, to }, signal), analyticsApi.partnerMap(null, { from, to }, signal)]);
    return { national, partners };
  }, [from, to]);

  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') return <ErrorMessage error={result.error} onRetry={result.reload} />;
  const { national, partners } = result.data;
  return (
    <div className="container section analytics" data-testid="national-page">
      <h1>{t('analytics.national.title')}</h1>
      <PeriodForm key={`${from}-${to}`} from={from} to={to} onChange={(f, tt) => {
        const next = new URLSearchParams(params);
        next.set('from', String(f));
        next.set('to', String(tt));
        setParams(next);
      }} />
      <p className="small muted">{t('analytics.visibilityNote')}{national.asOf ? <> <span data-testid="as-of">{t('analytics.asOf', { date: formatDateTime(national.asOf, locale) })}</span></> : null}</p>

      <section className="analytics-section" aria-labelledby="share-h">
        <h2 id="share-h">{t('analytics.national.shareHeading')}</h2>
        <p className="analytics-kpi" data-testid="share-active">
          <strong>{pct(national.shareActive, locale)}</strong>{' '}
          {t('analytics.national.share', { active: n(national.activeGads), total: n(national.gads) })}
        </p>
        <div className="table-wrap">
          <table className="table table-numeric" data-testid="levels-table">
            <caption>{t('analytics.national.byLevel')}</caption>
            <thead><tr><th scope="col">{t('analytics.level')}</th><th scope="col">{t('analytics.gads')}</th><th scope="col">{t('analytics.activeGads')}</th><th scope="col">{t('analytics.share')}</th></tr></thead>
            <tbody>{national.byLevel.map((l) => (
              <tr key={l.level}><th scope="row">{t(`gadLevel.${l.level}`, { defaultValue: l.level })}</th><td>{n(l.gads)}</td><td>{n(l.activeGads)}</td><td>{pct(l.shareActive, locale)}</td></tr>
            ))}</tbody>
          </table>
        </div>
      </section>

      <section className="analytics-section" aria-labelledby="ranking-h">
        <h2 id="ranking-h">{t('analytics.national.ranking')}</h2>
        <SplitChart id="ranking" title={t('analytics.national.rankingChart')} rows={national.ranking.map((r) => ({ label: r.gad.name, count: r.total }))} />
        <div className="table-wrap">
          <table className="table table-numeric" data-testid="ranking-by-kind">
            <caption>{t('analytics.national.rankingTable')}</caption>
            <thead><tr><th scope="col">#</th><th scope="col">{t('analytics.gad')}</th>{KINDS.map((k) => <th scope="col" key={k}>{t(`actionTypePlural.${k}`)}</th>)}<th scope="col">{t('common.total')}</th><th scope="col">{t('analytics.roles')}</th></tr></thead>
            <tbody>{national.ranking.map((r) => (
              <tr key={r.gad.id}>
                <td>{r.rank}</td>
                <th scope="row"><Link to={`/analytics/gads/${r.gad.dpaCode}?from=${from}&to=${to}`}>{r.gad.name}</Link></th>
                {KINDS.map((k) => <td key={k}>{n(r.counts[k])}</td>)}
                <td className="strong">{n(r.total)}</td><td>{n(r.leadershipRoles)}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      </section>

      <section className="analytics-section" aria-labelledby="maps-h">
        <h2 id="maps-h">{t('analytics.national.maps')}</h2>
        <EcuadorMap provinces={national.provinces} />
        <WorldMap data={partners} id="national-world-map" />
      </section>
    </div>
  );
}
