import type { Actor } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';

/** Partners are shared: any GAD editor may add or correct one. */
export function requirePartnerEditor(actor: Actor) {
  if (actor.kind === 'system') return;
  if (actor.kind !== 'user') throw new AppError('unauthenticated', 'Sign in to edit partners');
  if (!['platform_admin', 'gad_admin', 'gad_editor'].includes(actor.role)) {
    throw new AppError('forbidden', 'Only GAD editors may edit partners');
  }
}

/** Merging rewrites every GAD's links, so it is for admins only. */
export function requirePartnerAdmin(actor: Actor) {
  if (actor.kind === 'system') return;
  if (actor.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  if (actor.role !== 'platform_admin' && actor.role !== 'gad_admin') throw new AppError('forbidden', 'Only admins may merge partners');
}
