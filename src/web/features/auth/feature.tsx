import { lazy } from 'react';
import type { Feature } from '../registry.ts';

const SignInPage = lazy(() => import('./SignInPage.tsx'));

export const feature: Feature = {
  routes: [{ path: '/sign-in', element: <SignInPage /> }],
};
