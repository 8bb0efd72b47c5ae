import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/app-error.ts';
import { afterFailedLogin, isLocked } from './lockout.ts';
import { recordLoginOutcome, selectUserByEmail } from './queries.ts';
import { verifyPassword } from './secrets.ts';
import { openSession } from './sessions.ts';

// A fixed hash to verify against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$hrg4UCYeHEkiEgK69DmAmg$sVKJTv/2DliZ02AD6hXAzGpQvFIP3JuQHiFaYzFHKBc';

const WRONG = () => new AppError('unauthenticated', 'Wrong email or password', [{ field: 'body.password', message: 'Wrong email or password' }]);

export async function login(db: Db, input: { email: string; password: string }, now: Date, production: boolean) {
  const user = await selectUserByEmail(db, input.email);
  if (!user) {
    await verifyPassword(DUMMY_HASH, input.password);
    throw WRONG();
  }
  const state = { failedLogins: user.failed_logins, lockedUntil: user.locked_until };
  if (isLocked(state, now)) {
    throw new AppError('rate_limited', 'Too many wrong passwords; the account is locked for a few minutes', [], {
      lockedUntil: state.lockedUntil!.toISOString(),
    });
  }
  if (user.disabled_at || (user.is_demo && production)) throw WRONG();
  if (!(await verifyPassword(user.password_hash, input.password))) {
    const next = afterFailedLogin(state, now);
    await recordLoginOutcome(db, user.id, next.failedLogins, next.lockedUntil);
    throw WRONG();
  }
  await recordLoginOutcome(db, user.id, 0, null);
  return { user, ...(await openSession(db, user.id, now)) };
}
