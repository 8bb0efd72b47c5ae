import type { Db } from '../../db/database.ts';
import { newSecret } from './secrets.ts';
import { insertSession } from './queries.ts';

export const SESSION_COOKIE = 'glocal_session';
/** A session dies after 8 idle hours, and after 7 days whatever happens. */
export const SESSION_IDLE_MS = 8 * 3600_000;
export const SESSION_MAX_MS = 7 * 24 * 3600_000;

/** A new session id on every login, so a session id planted before sign-in is worthless after it. */
export async function openSession(db: Db, userId: string, now: Date) {
  const session = newSecret();
  const csrf = newSecret();
  await insertSession(db, {
    idHash: session.hash, userId, csrfToken: csrf.secret, now,
    expiresAt: new Date(now.getTime() + Math.min(SESSION_IDLE_MS, SESSION_MAX_MS)),
  });
  return { sessionId: session.secret, csrfToken: csrf.secret };
}
