import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../context.ts';
import type { Db } from '../../db/database.ts';

/** Visibility levels from narrowest to widest: each reader set contains the one before it. */
const LEVELS = ['own', 'government', 'gads', 'public'];

/** True when `a` reaches more readers than `b`. */
export function wider(a: string, b: string): boolean {
  return LEVELS.indexOf(a) > LEVELS.indexOf(b);
}

/**
 * The negotiation journal of lesson `l` seen as a row of its own (alias `n`), so that
 * `visibleTo(actor, 'n')` applies the journal's level with the one shared visibility rule.
 */
export const negotiationLateral = sql`CROSS JOIN LATERAL (SELECT l.gad_id, l.negotiation_visibility AS visibility, l.deleted_at) n`;

/**
 * The lesson's contact person (`cu`, joined on contact_user_id), or NULL when they opted out,
 * are disabled, or the caller is anonymous: names, phones and e-mails are personal data that
 * we show to signed-in users of the platform only.
 */
export function contactJson(actor: Actor): RawBuilder<unknown> {
  if (actor.kind === 'anonymous') return sql`NULL::json`;
  return sql`CASE WHEN cu.id IS NOT NULL AND cu.show_as_contact AND cu.disabled_at IS NULL THEN json_build_object(
    'name', cu.display_name, 'position', cu.position, 'email', cu.email, 'phone', cu.phone, 'illustrative', cu.illustrative) END`;
}

export function presentContact(contact: any) {
  if (!contact) return null;
  return { name: contact.name, position: contact.position ?? null, email: contact.email, phone: contact.phone ?? null, illustrative: contact.illustrative };
}

export async function selectNegotiationSteps(db: Db, lessonIds: string[]) {
  const byLesson = new Map<string, { occurredOn: string | null; description: string }[]>();
  if (lessonIds.length === 0) return byLesson;
  const rows = await sql<{ lesson_id: string; occurred_on: string | null; description: string }>`
    SELECT lesson_id, occurred_on, description FROM negotiation_step
    WHERE lesson_id = ANY(${lessonIds}::uuid[]) ORDER BY lesson_id, position`.execute(db);
  for (const row of rows.rows) {
    const list = byLesson.get(row.lesson_id) ?? [];
    list.push({ occurredOn: row.occurred_on, description: row.description });
    byLesson.set(row.lesson_id, list);
  }
  return byLesson;
}

/**
 * The journal's fields as the caller may see them: with `negotiation_visible` false the first
 * approach, the narrative and the timeline are withheld and `negotiationWithheld` says so.
 */
export function presentNegotiation(row: Record<string, any>) {
  const visible = Boolean(row.negotiation_visible);
  return {
    negotiationVisibility: row.negotiation_visibility,
    negotiationWithheld: !visible,
    firstContact: visible ? row.first_contact ?? null : null,
    negotiation: visible ? row.negotiation ?? null : null,
    negotiationSteps: visible ? (row.negotiation_steps ?? []) : [],
  };
}
