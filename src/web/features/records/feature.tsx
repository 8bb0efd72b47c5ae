import { lazy } from 'react';
import type { Feature } from '../registry.ts';

const ActionFormPage = lazy(() => import('./ActionFormPage.tsx'));

export const feature: Feature = {
  routes: [
    { path: '/actions/new', element: <ActionFormPage /> },
    { path: '/actions/:id/edit', element: <ActionFormPage /> },
  ],
  nav: [{ to: '/actions/new', label: 'records.nav', order: 20, audience: 'editor' }],
};
