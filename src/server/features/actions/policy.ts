import type { Actor } from '../../context.ts';

/** Each GAD edits its own records and nobody else's; the platform admin may act for any GAD. */
export function canWriteForGad(actor: Actor, gadId: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user') return false;
  if (actor.role === 'platform_admin') return true;
  return (actor.role === 'gad_admin' || actor.role === 'gad_editor') && actor.gadId === gadId;
}

/** Soft-deleted records come back only through an admin of their GAD. */
export function canRestoreForGad(actor: Actor, gadId: string): boolean {
  if (actor.kind !== 'user') return actor.kind === 'system';
  return actor.role === 'platform_admin' || (actor.role === 'gad_admin' && actor.gadId === gadId);
}
