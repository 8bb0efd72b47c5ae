import { lazy, Suspense } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ACTION_TYPES, api } from '../../api/client.ts';
import { GadPicker } from '../../components/GadPicker.tsx';
import { ErrorMessage, Loading } from '../../components/Status.tsx';
import { useApi } from '../../components/useApi.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useSession } from '../../session/session.tsx';
import { knowledgeApi } from './api.ts';
import { KnowledgeNav } from './KnowledgeNav.tsx';

const GraphChart = lazy(() => import('./GraphChart.tsx').then((m) => ({ default: m.GraphChart })));

/** GAD ↔ partner ↔ network ↔ funder, from any GAD or partner; the node list under the chart is its keyboard twin. */
export default function GraphPage() {
  const { t, i18n } = useTranslation();
  const locale = (i18n.resolvedLanguage ?? 'es') as 'es' | 'en' | 'pt';
  usePageTitle(t('knowledge.graph.title'));
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const partner = params.get('partner') ?? '';
  const gad = partner ? '' : params.get('gad') ?? me?.gad?.id ?? '1701';
  const depth = params.get('depth') ?? '1';
  const type = params.get('type') ?? '';
  const theme = params.get('theme') ?? '';
  const themes = useApi((signal) => api.themes(signal), []);
  const result = useApi(
    (signal) => knowledgeApi.graph({ gad: gad || undefined, partner: partner || undefined, depth, type: type || undefined, theme: theme || undefined }, signal),
    [gad, partner, depth, type, theme],
  );
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v) next.set(k, v); else next.delete(k); }
    setParams(next);
  };
  const data = result.status === 'ok' ? result.data : null;
  const rootLabel = data?.nodes.find((n) => n.id === data.root)?.label ?? '';

  return (
    <div>
      <header className="page-header">
        <h1>{t('knowledge.graph.title')}</h1>
        <p className="lead">{t('knowledge.graph.lead')}</p>
      </header>
      <KnowledgeNav />
      <div className="filter-bar card">
        <div className="field"><GadPicker value={gad} onChange={(ref) => set({ gad: ref, partner: '' })} /></div>
        <div className="field">
          <label htmlFor="graph-depth">{t('knowledge.graph.depth')}</label>
          <select id="graph-depth" value={depth} onChange={(e) => set({ depth: e.target.value === '1' ? '' : e.target.value })}>
            <option value="1">{t('knowledge.graph.depth1')}</option>
            <option value="2">{t('knowledge.graph.depth2')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="graph-type">{t('knowledge.filters.type')}</label>
          <select id="graph-type" value={type} onChange={(e) => set({ type: e.target.value })}>
            <option value="">{t('knowledge.filters.all')}</option>
            {ACTION_TYPES.map((k) => <option key={k} value={k}>{t(`actionType.${k}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="graph-theme">{t('knowledge.filters.theme')}</label>
          <select id="graph-theme" value={theme} onChange={(e) => set({ theme: e.target.value })}>
            <option value="">{t('knowledge.filters.all')}</option>
            {themes.status === 'ok' && themes.data.items.map((th) => <option key={th.code} value={th.code}>{th.name[locale]}</option>)}
          </select>
        </div>
      </div>
      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ErrorMessage error={result.error} onRetry={result.reload} />}
      {data && (data.nodes.length === 0 ? <p className="empty">{t('knowledge.graph.empty')}</p> : (
        <>
          <Suspense fallback={<Loading />}>
            <GraphChart graph={data} label={t('knowledge.graph.chartLabel', { name: rootLabel, nodes: data.nodes.length, edges: data.edges.length })} />
          </Suspense>
          {data.truncated && <p className="muted small">{t('knowledge.graph.truncated')}</p>}
          <h2>{t('knowledge.graph.nodes', { count: data.nodes.length })}</h2>
          <ul className="node-list" data-testid="graph-nodes">
            {data.nodes.map((n) => (
              <li key={n.id}>
                <Link to={n.link}>{n.label}</Link> <span className="small muted">{t(`knowledge.graph.kind.${n.kind}`)} · {t('knowledge.graph.actions', { count: n.actionCount })}</span>
                {n.kind !== 'gad' && <> · <Link className="small" to={`/knowledge/graph?partner=${n.id.replace(/^[a-z]+:/, '')}`}>{t('knowledge.graph.explore')}</Link></>}
                {n.kind === 'gad' && n.id !== data.root && <> · <Link className="small" to={`/knowledge/graph?gad=${n.id.replace(/^gad:/, '')}`}>{t('knowledge.graph.explore')}</Link></>}
              </li>
            ))}
          </ul>
        </>
      ))}
    </div>
  );
}
