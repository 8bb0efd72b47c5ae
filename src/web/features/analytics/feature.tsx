import { lazy } from 'react';
import type { Feature } from '../registry.ts';

// Pages are lazy: ECharts and the map geometry load only with them, never with the first page.
const GadAnalyticsPage = lazy(() => import('./GadAnalyticsPage.tsx'));
const GadAnalyticsIndex = lazy(() => import('./GadAnalyticsPage.tsx').then((m) => ({ default: m.GadAnalyticsIndex })));
const NationalPage = lazy(() => import('./NationalPage.tsx'));

export const feature: Feature = {
  routes: [
    { path: '/analytics', element: <GadAnalyticsIndex /> },
    { path: '/analytics/gads/:ref', element: <GadAnalyticsPage /> },
    { path: '/analytics/national', element: <NationalPage /> },
  ],
  nav: [
    { to: '/analytics', label: 'analytics.nav.gad', order: 30, audience: 'everyone' },
    { to: '/analytics/national', label: 'analytics.nav.national', order: 31, audience: 'everyone' },
  ],
};
