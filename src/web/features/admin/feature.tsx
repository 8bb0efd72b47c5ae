import { lazy } from 'react';
import type { Feature } from '../registry.ts';

const UsersPage = lazy(() => import('./UsersPage.tsx'));

export const feature: Feature = {
  routes: [{ path: '/admin/users', element: <UsersPage /> }],
  nav: [{ to: '/admin/users', label: 'admin.nav', order: 90, audience: 'admin' }],
};
