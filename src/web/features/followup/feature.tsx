import { lazy } from 'react';
import type { Feature } from '../registry.ts';
import { UnreadLabel } from './UnreadLabel.tsx';
import './followup.css';

const BoardPage = lazy(() => import('./BoardPage.tsx'));
const InboxPage = lazy(() => import('./InboxPage.tsx'));
const RulesPage = lazy(() => import('./RulesPage.tsx'));

export const feature: Feature = {
  routes: [
    { path: '/follow-up', element: <BoardPage /> },
    { path: '/follow-up/rules', element: <RulesPage /> },
    { path: '/inbox', element: <InboxPage /> },
  ],
  nav: [
    { to: '/follow-up', label: 'followup.nav.board', order: 20, audience: 'signed_in' },
    { to: '/inbox', label: 'followup.nav.inbox', Label: UnreadLabel, order: 90, audience: 'signed_in' },
  ],
};
