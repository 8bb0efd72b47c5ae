import type { ComponentType, ReactNode } from 'react';
import type { Me } from '../session/session.tsx';

/** Who sees a navigation entry. The server still decides what each one may read or write. */
export type Audience = 'everyone' | 'signed_in' | 'editor' | 'admin' | 'analyst';

export interface NavItem {
  to: string;
  /** An i18n key. */
  label: string;
  /** Renders the label instead of `label` when it carries live data (the inbox's unread count). */
  Label?: ComponentType;
  /** Position in the main navigation; lower first. The search home is 0. */
  order: number;
  audience: Audience;
}

/**
 * A UI feature: its routes (pages lazy-loaded, so each route is its own chunk) and its entries in the
 * main navigation. Each `src/web/features/<name>/feature.tsx` exports one; App.tsx collects them, so
 * adding a feature never edits a shared file. Its texts live in `features/<name>/i18n/{es,en,pt}.json`,
 * under the key `<name>.`.
 */
export interface Feature {
  routes: { path: string; element: ReactNode }[];
  nav?: NavItem[];
}

export function shownTo(audience: Audience, me: Me | null | undefined): boolean {
  if (audience === 'everyone') return true;
  if (!me) return false;
  switch (audience) {
    case 'signed_in': return true;
    case 'editor': return ['platform_admin', 'gad_admin', 'gad_editor'].includes(me.role);
    case 'admin': return ['platform_admin', 'gad_admin'].includes(me.role);
    case 'analyst': return ['platform_admin', 'central_analyst', 'association_analyst'].includes(me.role);
  }
}
