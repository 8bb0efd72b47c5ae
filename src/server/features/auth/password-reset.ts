import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { AppError } from '../../http/app-error.ts';
import { mailText } from '../../mail/templates.ts';
import { selectUserByEmail } from './queries.ts';
import { hashPassword, newSecret, sha256 } from './secrets.ts';

const RESET_VALID_MS = 60 * 60_000;

/** Always answers the same way, so the form does not reveal which emails have accounts. */
export async function requestPasswordReset(db: Db, mailer: Mailer, email: string, now: Date, publicUrl: string) {
  const user = await selectUserByEmail(db, email);
  if (!user || user.disabled_at) return;
  const token = newSecret();
  await sql`INSERT INTO password_reset (token_hash, user_id, created_at, expires_at)
    VALUES (${token.hash}, ${user.id}, ${now}, ${new Date(now.getTime() + RESET_VALID_MS)})`.execute(db);
  const link = `${publicUrl}/reset-password#token=${encodeURIComponent(token.secret)}`;
  await mailer.send({ to: user.email, language: user.locale, ...mailText(user.locale, 'passwordReset', { link, name: user.display_name }) });
}

export async function confirmPasswordReset(db: Db, token: string, password: string, now: Date) {
  await db.transaction().execute(async (tx) => {
    const used = await sql<{ user_id: string }>`
      UPDATE password_reset SET used_at = ${now}
      WHERE token_hash = ${sha256(token)} AND used_at IS NULL AND expires_at > ${now}
      RETURNING user_id`.execute(tx);
    const userId = used.rows[0]?.user_id;
    if (!userId) throw AppError.invalid('This reset link is invalid or has expired', [{ field: 'body.token', message: 'Invalid or expired token' }]);
    await sql`UPDATE app_user SET password_hash = ${await hashPassword(password)}, failed_logins = 0, locked_until = NULL,
      updated_at = ${now} WHERE id = ${userId}`.execute(tx);
    // A new password ends every session opened with the old one.
    await sql`DELETE FROM session WHERE user_id = ${userId}`.execute(tx);
  });
}
