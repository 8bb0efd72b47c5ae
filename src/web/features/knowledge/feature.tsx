import { lazy } from 'react';
import type { Feature } from '../registry.ts';
import './knowledge.css';

const KnowledgePage = lazy(() => import('./KnowledgePage.tsx'));
const PeersPage = lazy(() => import('./PeersPage.tsx'));
const ExchangePage = lazy(() => import('./ExchangePage.tsx'));
// The graph page alone pulls ECharts (its own chunk again inside), so the first page never carries it.
const GraphPage = lazy(() => import('./GraphPage.tsx'));

export const feature: Feature = {
  routes: [
    { path: '/knowledge', element: <KnowledgePage /> },
    { path: '/knowledge/peers', element: <PeersPage /> },
    { path: '/knowledge/exchange', element: <ExchangePage /> },
    { path: '/knowledge/graph', element: <GraphPage /> },
  ],
  nav: [{ to: '/knowledge', label: 'knowledge.nav.main', order: 10, audience: 'everyone' }],
};
