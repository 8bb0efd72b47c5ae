import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../components/format.ts';
import { ChartFigure } from './ChartFigure.tsx';
import { PALETTE, worldNames } from './echarts.ts';
import { KINDS, type Comparison, type PartnerMap, type Positioning, type Split, type TimelineItem } from './api.ts';

const useLocale = () => {
  const { t, i18n } = useTranslation();
  const lang = (i18n.resolvedLanguage ?? 'es') as 'es' | 'en' | 'pt';
  return { t, lang, n: (v: number) => formatNumber(v, lang) };
};

/** Each positioning indicator over the years, and the same numbers as a table (the undated records in their own row). */
export function PositioningChart({ data }: { data: Positioning }) {
  const { t, n } = useLocale();
  const years = data.rows.map((r) => String(r.year));
  const kinds = KINDS.filter((k) => data.totals.counts[k] > 0);
  const shown = kinds.length ? kinds : [...KINDS];
  const option = {
    color: PALETTE,
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 16, top: 48, bottom: 28 },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      ...shown.map((k) => ({ name: t(`actionTypePlural.${k}`), type: 'bar', stack: 'kinds', data: data.rows.map((r) => r.counts[k]) })),
      { name: t('analytics.roles'), type: 'line', data: data.rows.map((r) => r.leadershipRoles), lineStyle: { type: 'dashed' }, symbolSize: 6 },
    ],
  };
  const row = (label: string, counts: Record<string, number>, roles: number, key: string) => (
    <tr key={key}>
      <th scope="row">{label}</th>
      {shown.map((k) => <td key={k}>{n(counts[k] ?? 0)}</td>)}
      <td>{n(roles)}</td>
    </tr>
  );
  return (
    <ChartFigure id="positioning" title={t('analytics.positioning.title', { from: data.from, to: data.to })} option={option} height={360} wide table={
      <table className="table table-numeric" data-testid="positioning-table">
        <caption className="visually-hidden">{t('analytics.positioning.title', { from: data.from, to: data.to })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('analytics.year')}</th>
            {shown.map((k) => <th scope="col" key={k}>{t(`actionTypePlural.${k}`)}</th>)}
            <th scope="col">{t('analytics.roles')}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => row(String(r.year), r.counts, r.leadershipRoles, String(r.year)))}
          {data.undated.total > 0 || data.undated.leadershipRoles > 0 ? row(t('analytics.undated'), data.undated.counts, data.undated.leadershipRoles, 'undated') : null}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('common.total')}</th>
            {shown.map((k) => <td key={k}>{n(data.totals.counts[k])}</td>)}
            <td />
          </tr>
        </tfoot>
      </table>
    } />
  );
}

/** A horizontal bar chart of counted codes, with its table. */
export function SplitChart({ id, title, rows }: { id: string; title: string; rows: { label: string; count: number }[] }) {
  const { t, n } = useLocale();
  if (rows.length === 0) {
    return (
      <figure className="chart-figure" data-testid={`empty-${id}`}>
        <figcaption className="chart-title">{title}</figcaption>
        <p className="muted">{t('analytics.noData')}</p>
      </figure>
    );
  }
  const height = Math.max(180, 40 + rows.length * 26);
  const option = {
    tooltip: { renderMode: 'richText' },
    grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r.label).reverse(), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [{ type: 'bar', data: rows.map((r) => r.count).reverse(), itemStyle: { color: PALETTE[1] }, barMaxWidth: 18 }],
  };
  return (
    <ChartFigure id={id} title={title} option={option} height={height} table={
      <table className="table table-numeric" data-testid={`${id}-table`}>
        <caption className="visually-hidden">{title}</caption>
        <thead><tr><th scope="col">{t('analytics.category')}</th><th scope="col">{t('analytics.actions')}</th></tr></thead>
        <tbody>{rows.map((r) => <tr key={r.label}><th scope="row">{r.label}</th><td>{n(r.count)}</td></tr>)}</tbody>
      </table>
    } />
  );
}

export function splitRows(split: Split, name: (code: string) => string, unclassified?: string) {
  const rows = split.items.map((i) => ({ label: name(i.code), count: i.count }));
  if (unclassified && split.unclassified) rows.push({ label: unclassified, count: split.unclassified });
  return rows;
}

/** GADs side by side, one group of bars per kind of action. */
export function ComparisonChart({ data }: { data: Comparison }) {
  const { t, n } = useLocale();
  const option = {
    color: PALETTE,
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 60 },
    xAxis: { type: 'category', data: [...KINDS.map((k) => t(`actionTypePlural.${k}`)), t('analytics.roles')], axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: data.items.map((g) => ({ name: g.gad.name, type: 'bar', data: [...KINDS.map((k) => g.counts[k]), g.leadershipRolesHeld] })),
  };
  return (
    <ChartFigure id="comparison" title={t('analytics.comparison.title')} option={option} height={360} wide table={
      <table className="table table-numeric" data-testid="comparison-table">
        <caption className="visually-hidden">{t('analytics.comparison.title')}</caption>
        <thead>
          <tr><th scope="col">{t('analytics.gad')}</th>{KINDS.map((k) => <th scope="col" key={k}>{t(`actionTypePlural.${k}`)}</th>)}<th scope="col">{t('common.total')}</th><th scope="col">{t('analytics.roles')}</th></tr>
        </thead>
        <tbody>
          {data.items.map((g) => (
            <tr key={g.gad.id}><th scope="row">{g.gad.name}</th>{KINDS.map((k) => <td key={k}>{n(g.counts[k])}</td>)}<td className="strong">{n(g.total)}</td><td>{n(g.leadershipRolesHeld)}</td></tr>
          ))}
        </tbody>
      </table>
    } />
  );
}

const DAY = 86_400_000;
const time = (iso: string) => new Date(`${iso}T00:00:00Z`).getTime();

/** Lanes per kind of action; agreements span from signature to expiry, other actions their own dates. */
export function TimelineChart({ items, from, to }: { items: TimelineItem[]; from: number; to: number }) {
  const { t, n } = useLocale();
  const lanes = KINDS.filter((k) => items.some((i) => i.type === k));
  const min = time(`${from}-01-01`);
  const max = time(`${to}-12-31`) + DAY;
  const data = items.map((i) => {
    const start = Math.max(time(i.start!), min);
    const end = Math.min(i.end ? time(i.end) + DAY : start + 20 * DAY, max);
    return { name: i.title, value: [lanes.indexOf(i.type), start, Math.max(end, start + 20 * DAY)], itemStyle: { color: PALETTE[KINDS.indexOf(i.type) % PALETTE.length], opacity: 0.75 } };
  });
  const option = {
    tooltip: { renderMode: 'richText', formatter: (p: { name: string }) => p.name },
    grid: { left: 8, right: 24, top: 10, bottom: 30, containLabel: true },
    xAxis: { type: 'time', min, max },
    yAxis: { type: 'category', data: lanes.map((k) => t(`actionTypePlural.${k}`)), axisLabel: { width: 120, overflow: 'truncate' } },
    series: [{
      type: 'custom',
      encode: { x: [1, 2], y: 0 },
      data,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      renderItem: (_params: unknown, api: any) => {
        const lane = api.value(0);
        const start = api.coord([api.value(1), lane]);
        const end = api.coord([api.value(2), lane]);
        const height = api.size([0, 1])[1] * 0.5;
        return { type: 'rect', shape: { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 3), height }, style: api.style() };
      },
    }],
  };
  const height = Math.max(160, 50 + lanes.length * 44);
  return (
    <ChartFigure id="timeline" title={t('analytics.timeline.title', { from, to })} option={option} height={height} wide table={
      <table className="table" data-testid="timeline-table">
        <caption className="visually-hidden">{t('analytics.timeline.title', { from, to })}</caption>
        <thead><tr><th scope="col">{t('analytics.start')}</th><th scope="col">{t('analytics.end')}</th><th scope="col">{t('analytics.kind')}</th><th scope="col">{t('analytics.titleCol')}</th></tr></thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}><td>{i.start}</td><td>{i.end ?? '—'}</td><td>{t(`actionType.${i.type}`)}</td><th scope="row">{i.title}</th></tr>
          ))}
          {items.length === 0 ? <tr><td colSpan={4}>{n(0)}</td></tr> : null}
        </tbody>
      </table>
    } />
  );
}

/** World choropleth of partner countries with points for partner cities. */
export function WorldMap({ data, id = 'world-map' }: { data: PartnerMap; id?: string }) {
  const { t, lang, n } = useLocale();
  const names = new Map(data.countries.map((c) => [c.isoNumeric, c.name[lang]]));
  const maxActions = Math.max(1, ...data.countries.map((c) => c.actions));
  const option = {
    tooltip: {
      renderMode: 'richText',
      formatter: (p: { seriesType: string; name: string; value: number | number[] }) => (p.seriesType === 'scatter'
        ? `${p.name}: ${(p.value as number[])[2]}`
        : `${names.get(p.name) ?? worldNames.get(p.name) ?? p.name}: ${Number.isFinite(p.value) ? p.value : 0}`),
    },
    visualMap: { min: 0, max: maxActions, left: 8, bottom: 8, calculable: false, seriesIndex: 0, inRange: { color: ['#dbe8f5', '#0b2e59'] }, text: [String(maxActions), '0'] },
    geo: { map: 'world', roam: true, itemStyle: { areaColor: '#f0f2f4', borderColor: '#9aa5b1' }, emphasis: { label: { show: false } } },
    series: [
      { type: 'map', geoIndex: 0, data: data.countries.filter((c) => c.isoNumeric).map((c) => ({ name: c.isoNumeric, value: c.actions })) },
      { type: 'scatter', coordinateSystem: 'geo', symbolSize: (v: number[]) => 5 + Math.min(12, Math.sqrt(v[2]!) * 3), itemStyle: { color: '#d98c1f', borderColor: '#fff' },
        data: data.cities.map((c) => ({ name: c.name, value: [c.lon, c.lat, c.actions] })) },
    ],
  };
  return (
    <ChartFigure id={id} title={t('analytics.map.world')} option={option} height={420} wide table={
      <>
        <table className="table table-numeric" data-testid={`${id}-countries`}>
          <caption>{t('analytics.map.countries')}</caption>
          <thead><tr><th scope="col">{t('analytics.country')}</th><th scope="col">{t('analytics.actions')}</th><th scope="col">{t('analytics.partners')}</th></tr></thead>
          <tbody>{data.countries.map((c) => <tr key={c.code}><th scope="row">{c.name[lang]}</th><td>{n(c.actions)}</td><td>{n(c.partners)}</td></tr>)}</tbody>
        </table>
        <table className="table table-numeric" data-testid={`${id}-cities`}>
          <caption>{t('analytics.map.cities')}</caption>
          <thead><tr><th scope="col">{t('analytics.city')}</th><th scope="col">{t('analytics.actions')}</th></tr></thead>
          <tbody>{data.cities.map((c) => <tr key={`${c.country}-${c.name}`}><th scope="row">{c.name} ({c.country})</th><td>{n(c.actions)}</td></tr>)}</tbody>
        </table>
        {data.unplaced.length ? <p className="small muted">{t('analytics.map.unplaced', { cities: data.unplaced.map((u) => `${u.city} (${u.country})`).join(', ') })}</p> : null}
      </>
    } />
  );
}

/** Ecuador by province: the actions of the GADs in each (cantons and parishes count in their province). */
export function EcuadorMap({ provinces }: { provinces: { dpaCode: string; name: string; gads: number; activeGads: number; actions: number }[] }) {
  const { t, n } = useLocale();
  const names = new Map(provinces.map((p) => [p.dpaCode, p.name]));
  const max = Math.max(1, ...provinces.map((p) => p.actions));
  const option = {
    tooltip: { renderMode: 'richText', formatter: (p: { name: string; value: number }) => `${names.get(p.name) ?? p.name}: ${Number.isFinite(p.value) ? p.value : 0}` },
    visualMap: { min: 0, max, left: 8, bottom: 8, calculable: false, inRange: { color: ['#e8eef5', '#0b2e59'] }, text: [String(max), '0'] },
    series: [{ type: 'map', map: 'ecuador', roam: true, itemStyle: { borderColor: '#ffffff' }, emphasis: { label: { show: false } },
      data: provinces.map((p) => ({ name: p.dpaCode, value: p.actions })) }],
  };
  return (
    <ChartFigure id="ecuador-map" title={t('analytics.map.ecuador')} option={option} height={420} wide table={
      <table className="table table-numeric" data-testid="ecuador-map-table">
        <caption className="visually-hidden">{t('analytics.map.ecuador')}</caption>
        <thead><tr><th scope="col">{t('analytics.province')}</th><th scope="col">{t('analytics.actions')}</th><th scope="col">{t('analytics.activeGads')}</th><th scope="col">{t('analytics.gads')}</th></tr></thead>
        <tbody>{provinces.map((p) => <tr key={p.dpaCode}><th scope="row">{p.name}</th><td>{n(p.actions)}</td><td>{n(p.activeGads)}</td><td>{n(p.gads)}</td></tr>)}</tbody>
      </table>
    } />
  );
}
