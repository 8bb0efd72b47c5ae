import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { UserRow } from './actor-of-user.ts';

export interface FullUserRow extends UserRow {
  password_hash: string | null;
  failed_logins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  is_demo: boolean;
  position: string | null;
  phone: string | null;
  show_as_contact: boolean;
}

const USER_COLUMNS = sql`u.id, u.email, u.display_name, u.role, u.gad_id, u.organisation, u.locale, u.password_hash,
  u.failed_logins, u.locked_until, u.disabled_at, u.is_demo, u.position, u.phone, u.show_as_contact`;

export async function selectUserByEmail(db: Db, email: string) {
  const result = await sql<FullUserRow>`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.email = ${email.trim().toLowerCase()}`.execute(db);
  return result.rows[0];
}

export async function selectUserById(db: Db, id: string) {
  const result = await sql<FullUserRow>`SELECT ${USER_COLUMNS} FROM app_user u WHERE u.id = ${id}`.execute(db);
  return result.rows[0];
}

export async function selectUserBySession(db: Db, idHash: string, now: Date) {
  const result = await sql<FullUserRow & { csrf_token: string; last_seen_at: Date }>`
    SELECT ${USER_COLUMNS}, s.csrf_token, s.last_seen_at
    FROM session s JOIN app_user u ON u.id = s.user_id
    WHERE s.id_hash = ${idHash} AND s.expires_at > ${now} AND u.disabled_at IS NULL`.execute(db);
  return result.rows[0];
}

export async function selectUserByApiToken(db: Db, tokenHash: string, now: Date) {
  const result = await sql<FullUserRow & { token_id: string; scopes: string[] }>`
    SELECT ${USER_COLUMNS}, t.id AS token_id, t.scopes
    FROM api_token t JOIN app_user u ON u.id = t.user_id
    WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ${now})
      AND u.disabled_at IS NULL`.execute(db);
  return result.rows[0];
}

export async function insertSession(db: Db, s: { idHash: string; userId: string; csrfToken: string; now: Date; expiresAt: Date }) {
  await sql`INSERT INTO session (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
    VALUES (${s.idHash}, ${s.userId}, ${s.csrfToken}, ${s.now}, ${s.now}, ${s.expiresAt})`.execute(db);
}

/** Slides the idle expiry forward, never past the session's absolute lifetime. */
export async function touchSession(db: Db, idHash: string, now: Date, idleExpiry: Date, maxSeconds: number) {
  await sql`UPDATE session SET last_seen_at = ${now},
      expires_at = LEAST(created_at + make_interval(secs => ${maxSeconds}), ${idleExpiry}::timestamptz)
    WHERE id_hash = ${idHash}`.execute(db);
}

export async function deleteSession(db: Db, idHash: string) {
  await sql`DELETE FROM session WHERE id_hash = ${idHash}`.execute(db);
}

export async function recordLoginOutcome(db: Db, userId: string, failedLogins: number, lockedUntil: Date | null) {
  await sql`UPDATE app_user SET failed_logins = ${failedLogins}, locked_until = ${lockedUntil} WHERE id = ${userId}`.execute(db);
}
