import type { Db } from './db/database.ts';

export type Role =
  | 'platform_admin'
  | 'gad_admin'
  | 'gad_editor'
  | 'gad_viewer'
  | 'central_analyst'
  | 'association_analyst';

export type GadLevel = 'regional' | 'provincial' | 'municipal' | 'metropolitan' | 'rural_parish' | 'special_regime';

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'system'; label: string }
  | {
      kind: 'user';
      userId: string;
      label: string;
      role: Role;
      gadId: string | null;
      /** For association analysts: the GAD levels whose members they read (AME: municipal and metropolitan). */
      memberLevels: GadLevel[];
    };

/** Every use case takes this: the database, who is acting, and a clock that tests can set. */
export interface Ctx {
  db: Db;
  actor: Actor;
  now: Date;
}

export const anonymous: Actor = { kind: 'anonymous' };

export function actorLabel(actor: Actor): string {
  return actor.kind === 'anonymous' ? 'anonymous' : actor.label;
}

export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}
