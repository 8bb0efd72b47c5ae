import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format.ts';
import { GadPicker } from '../../components/GadPicker.tsx';
import { ErrorMessage, Loading, isNotFound } from '../../components/Status.tsx';
import { useApi } from '../../components/useApi.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useReference } from '../../components/useReference.ts';
import { analyticsApi, KINDS, reportUrl } from './api.ts';
import { ComparisonChart, PositioningChart, SplitChart, splitRows, TimelineChart, WorldMap } from './charts.tsx';
import './analytics.css';

const THIS_YEAR = new Date().getFullYear();
const DEFAULT_COMPARE = ['0901', '0101'];

export function usePeriod(defaultFrom: number) {
  const [params, setParams] = useSearchParams();
  const year = (key: string, fallback: number) => {
    const v = Number(params.get(key));
    return Number.isInteger(v) && v >= 1900 && v <= 2200 ? v : fallback;
  };
  const to = year('to', THIS_YEAR);
  const from = Math.min(year('from', defaultFrom), to);
  return { from, to, params, setParams };
}

export function PeriodForm({ from, to, onChange }: { from: number; to: number; onChange: (from: number, to: number) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ from: String(from), to: String(to) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const f = Number(draft.from);
    const tt = Number(draft.to);
    if (Number.isInteger(f) && Number.isInteger(tt) && f <= tt) onChange(f, tt);
  };
  return (
    <form className="analytics-period" onSubmit={submit} aria-label={t('analytics.period')}>
      <div className="field field-inline">
        <label htmlFor="period-from">{t('analytics.from')}</label>
        <input id="period-from" type="number" min={1900} max={2200} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
      </div>
      <div className="field field-inline">
        <label htmlFor="period-to">{t('analytics.to')}</label>
        <input id="period-to" type="number" min={1900} max={2200} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
      </div>
      <button type="submit" className="button">{t('analytics.apply')}</button>
    </form>
  );
}

/** Picks a GAD, then shows its analytics. */
export function GadAnalyticsIndex() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePageTitle(t('analytics.gadTitle'));
  return (
    <div className="container section">
      <h1>{t('analytics.gadTitle')}</h1>
      <p className="lead">{t('analytics.pickGad')}</p>
      <GadPicker value="" onChange={(ref) => ref && navigate(`/analytics/gads/${encodeURIComponent(ref)}`)} />
      <p><Link to="/analytics/gads/1701?from=2007&to=2013">{t('analytics.quitoExample')}</Link></p>
    </div>
  );
}

export default function GadAnalyticsPage() {
  const { ref = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { themeName } = useReference();
  const { from, to, params, setParams } = usePeriod(2005);
  const compare = (params.get('compare') ?? DEFAULT_COMPARE.join(',')).split(',').filter((c) => c && c !== ref).slice(0, 3);
  const kindFilter = (params.get('kinds') ?? '').split(',').filter((k) => (KINDS as readonly string[]).includes(k));
  const period = { from, to };
  const result = useApi(async (signal) => {
    const [positioning, breakdowns, timeline, partners] = await Promise.all([
      analyticsApi.positioning(ref, period, signal),
      analyticsApi.breakdowns(ref, period, signal),
      analyticsApi.timeline(ref, { ...period, type: kindFilter.length ? kindFilter.join(',') : undefined }, signal),
      analyticsApi.partnerMap(ref, period, signal),
    ]);
    const comparison = compare.length ? await analyticsApi.comparison([positioning.gad.dpaCode, ...compare], period, signal).catch(() => null) : null;
    return { positioning, breakdowns, timeline, partners, comparison };
  }, [ref, from, to, compare.join(','), kindFilter.join(',')]);
  usePageTitle(result.status === 'ok' ? `${t('analytics.gadTitle')} — ${result.data.positioning.gad.name}` : t('analytics.gadTitle'));

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v === null || v === '') next.delete(k); else next.set(k, v);
    setParams(next);
  };

  // While a new period or filter loads, the page keeps showing the last answer instead of a blank page.
  const last = useRef<typeof result.data>(null);
  if (result.status === 'ok') last.current = result.data;
  const shown = result.status === 'ok' ? result.data : result.status === 'loading' && last.current?.positioning.gad.dpaCode === ref ? last.current : null;
  if (result.status === 'error') return isNotFound(result.error) ? <ErrorMessage error={result.error} /> : <ErrorMessage error={result.error} onRetry={result.reload} />;
  if (!shown) return <Loading />;
  const { positioning, breakdowns, timeline, partners, comparison } = shown;
  const gad = positioning.gad;
  const typologies = [
    ...splitRows(breakdowns.territorialScope, (c) => `${t('analytics.typology.territorialScope')}: ${t(`enum.territorialScope.${c}`)}`),
    ...splitRows(breakdowns.motive, (c) => `${t('analytics.typology.motive')}: ${t(`enum.motive.${c}`)}`),
    ...splitRows(breakdowns.channel, (c) => `${t('analytics.typology.channel')}: ${t(`enum.channel.${c}`)}`),
    ...splitRows(breakdowns.governanceMode, (c) => `${t('analytics.typology.governanceMode')}: ${t(`enum.governanceMode.${c}`)}`),
    ...splitRows(breakdowns.direction, (c) => `${t('analytics.typology.direction')}: ${t(`enum.direction.${c}`)}`),
    ...splitRows(breakdowns.flow, (c) => `${t('analytics.typology.flow')}: ${t(`enum.flow.${c}`)}`),
  ];
  const lang = i18n.resolvedLanguage ?? 'es';

  return (
    <div className="container section analytics" data-testid="gad-analytics" aria-busy={result.status === 'loading'}>
      <p className="eyebrow"><Link to={`/gads/${gad.dpaCode}`}>{gad.name}</Link></p>
      <h1>{t('analytics.gadHeading', { name: gad.name })}</h1>
      <PeriodForm key={`${from}-${to}`} from={from} to={to} onChange={(f, tt) => update({ from: String(f), to: String(tt) })} />
      <p className="small muted">{t('analytics.visibilityNote')}{positioning.asOf ? <> <span data-testid="as-of">{t('analytics.asOf', { date: formatDateTime(positioning.asOf, i18n.resolvedLanguage ?? 'es') })}</span></> : null}</p>

      <section className="analytics-section" aria-labelledby="report-h">
        <h2 id="report-h">{t('analytics.report.title')}</h2>
        <p>
          {(['es', 'en', 'pt'] as const).map((l) => (
            <a key={l} className="button button-secondary analytics-report-link" href={reportUrl(gad.dpaCode, period, l)} hrefLang={l} download>
              {t('analytics.report.download', { lang: t(`language.${l}`) })}
            </a>
          ))}
        </p>
      </section>

      <section className="analytics-section" aria-labelledby="positioning-h">
        <h2 id="positioning-h">{t('analytics.positioning.heading')}</h2>
        <p className="small muted">{t('analytics.positioning.note')}</p>
        <PositioningChart data={positioning} />
        {positioning.rows.some((r) => r.money.byCurrency.length) || positioning.undated.money.byCurrency.length ? (
          <div className="table-wrap">
            <table className="table table-numeric" data-testid="money-table">
              <caption>{t('analytics.money.title')}</caption>
              <thead><tr><th scope="col">{t('analytics.year')}</th><th scope="col">{t('analytics.money.currency')}</th><th scope="col">{t('analytics.money.amount')}</th><th scope="col">{t('analytics.money.usd')}</th></tr></thead>
              <tbody>
                {[...positioning.rows.map((r) => ({ year: String(r.year), m: r.money })), { year: t('analytics.undated'), m: positioning.undated.money }].flatMap(({ year, m }) =>
                  m.byCurrency.map((c) => (
                    <tr key={`${year}-${c.currency}`}>
                      <th scope="row">{year}</th><td>{c.currency}</td>
                      <td>{new Intl.NumberFormat(lang, { style: 'currency', currency: c.currency }).format(c.amountMinor / 100)}</td>
                      <td>{c.usdMinor === null ? t('analytics.money.noRate') : new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD' }).format(c.usdMinor / 100)}</td>
                    </tr>
                  )))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="analytics-section" aria-labelledby="themes-h">
        <h2 id="themes-h">{t('analytics.themes.heading')}</h2>
        <div className="analytics-grid">
          <SplitChart id="themes" title={t('analytics.themes.title')} rows={splitRows(breakdowns.themes, themeName, t('analytics.unclassified'))} />
          <SplitChart id="typologies" title={t('analytics.typology.title')} rows={typologies} />
          <SplitChart id="regions" title={t('analytics.regions')} rows={splitRows(breakdowns.partnerRegions, (c) => t(`analytics.region.${c}`))} />
        </div>
      </section>

      {comparison ? (
        <section className="analytics-section" aria-labelledby="comparison-h">
          <h2 id="comparison-h">{t('analytics.comparison.heading')}</h2>
          <div className="analytics-compare">
            <span>{t('analytics.comparison.add')}</span>
            <GadPicker value="" onChange={(r) => r && update({ compare: [...compare, r].slice(-3).join(',') })} />
            {compare.length ? <button type="button" className="button button-link" onClick={() => update({ compare: '' })}>{t('analytics.comparison.clear')}</button> : null}
          </div>
          <ComparisonChart data={comparison} />
        </section>
      ) : null}

      <section className="analytics-section" aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t('analytics.timeline.heading')}</h2>
        <fieldset className="fieldset analytics-kinds">
          <legend>{t('analytics.timeline.filter')}</legend>
          {KINDS.map((k) => (
            <label key={k} className="field-check">
              <input type="checkbox" checked={kindFilter.includes(k)} onChange={(e) => {
                const next = e.target.checked ? [...kindFilter, k] : kindFilter.filter((x) => x !== k);
                update({ kinds: next.join(',') });
              }} /> {t(`actionTypePlural.${k}`)}
            </label>
          ))}
        </fieldset>
        <TimelineChart items={timeline.items} from={from} to={to} />
        {timeline.truncated ? <p className="small muted" data-testid="timeline-truncated">{t('analytics.timeline.truncated', { count: timeline.limit })}</p> : null}
        {timeline.undated.length ? (
          <details className="analytics-undated">
            <summary>{t('analytics.timeline.undated', { count: timeline.undated.length })}</summary>
            <ul className="plain-list small">{timeline.undated.map((i) => <li key={i.id}><Link to={`/actions/${i.id}`}>{i.title}</Link></li>)}</ul>
          </details>
        ) : null}
      </section>

      <section className="analytics-section" aria-labelledby="map-h">
        <h2 id="map-h">{t('analytics.map.heading')}</h2>
        <WorldMap data={partners} />
      </section>
    </div>
  );
}
