import type { Actor } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';

export function requireUser(actor: Actor) {
  if (actor.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  return actor;
}

/** Invitations and user lists belong to a GAD's admin, for that GAD only. */
export function requireGadAdmin(actor: Actor): { gadId: string; inviterId: string } {
  const user = requireUser(actor);
  if (user.role !== 'gad_admin' || !user.gadId) throw new AppError('forbidden', 'Only a GAD admin may do this');
  return { gadId: user.gadId, inviterId: user.userId };
}

export function requirePlatformAdmin(actor: Actor) {
  const user = requireUser(actor);
  if (user.role !== 'platform_admin') throw new AppError('forbidden', 'Only a platform admin may do this');
  return user;
}
