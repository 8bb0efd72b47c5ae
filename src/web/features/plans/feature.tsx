import { lazy } from 'react';
import type { Feature } from '../registry.ts';
import './plans.css';

const PlansPage = lazy(() => import('./PlansPage.tsx'));
const PlanPage = lazy(() => import('./PlanPage.tsx'));
const AlignmentPage = lazy(() => import('./AlignmentPage.tsx'));

export const feature: Feature = {
  routes: [
    { path: '/plans', element: <PlansPage /> },
    { path: '/plans/:id', element: <PlanPage /> },
    { path: '/alignment', element: <AlignmentPage /> },
  ],
  nav: [
    { to: '/plans', label: 'plans.nav.plans', order: 30, audience: 'everyone' },
    { to: '/alignment', label: 'plans.nav.alignment', order: 31, audience: 'signed_in' },
  ],
};
