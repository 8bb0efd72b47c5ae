import { lazy } from 'react';
import type { Feature } from '../registry.ts';

const AccountPage = lazy(() => import('./AccountPage.tsx'));
const ForgotPasswordPage = lazy(() => import('./ForgotPasswordPage.tsx'));
const ResetPasswordPage = lazy(() => import('./ResetPasswordPage.tsx'));
const AcceptInvitationPage = lazy(() => import('./AcceptInvitationPage.tsx'));

export const feature: Feature = {
  routes: [
    { path: '/account', element: <AccountPage /> },
    { path: '/forgot-password', element: <ForgotPasswordPage /> },
    // The emailed links (src/server/features/auth) carry the token in the fragment, never sent to a server log.
    { path: '/reset-password', element: <ResetPasswordPage /> },
    { path: '/accept-invitation', element: <AcceptInvitationPage /> },
  ],
};
