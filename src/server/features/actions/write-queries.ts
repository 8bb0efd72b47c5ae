import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ActionInput } from './schema.ts';

type Details<T extends ActionInput['type']> = Extract<ActionInput, { type: T }>['details'];

export async function insertActionCore(tx: Db, gadId: string, a: ActionInput, illustrative: boolean): Promise<string> {
  const result = await sql<{ id: string }>`
    INSERT INTO action (gad_id, type, title, description, start_date, end_date, date_precision, city,
      country_code, visibility, territorial_scope, motive, channel, governance_mode, illustrative,
      source_note, ambiguity_note, external_id)
    VALUES (${gadId}, ${a.type}, ${a.title}, ${a.description ?? null}, ${a.startDate ?? null}, ${a.endDate ?? null},
      ${a.datePrecision}, ${a.city ?? null}, ${a.country ?? null}, ${a.visibility}, ${a.territorialScope ?? null},
      ${a.motive ?? null}, ${a.channel ?? null}, ${a.governanceMode ?? null}, ${illustrative},
      ${a.sourceNote ?? null}, ${a.ambiguityNote ?? null}, ${a.externalId ?? null})
    RETURNING id`.execute(tx);
  return result.rows[0]!.id;
}

export async function insertThemesAndPartners(tx: Db, actionId: string, gadId: string, a: ActionInput) {
  for (const theme of new Set(a.themes)) {
    await sql`INSERT INTO action_theme (action_id, gad_id, theme_code) VALUES (${actionId}, ${gadId}, ${theme})`.execute(tx);
  }
  for (const p of a.partners) {
    await sql`INSERT INTO action_partner (action_id, gad_id, partner_id, role)
      VALUES (${actionId}, ${gadId}, ${p.partnerId}, ${p.role}) ON CONFLICT DO NOTHING`.execute(tx);
  }
}

async function insertDelegates(tx: Db, actionId: string, gadId: string, delegates: Details<'visit'>['delegates']) {
  for (const [position, d] of delegates.entries()) {
    await sql`INSERT INTO delegate (action_id, gad_id, position, name, title, organisation, country_code)
      VALUES (${actionId}, ${gadId}, ${position}, ${d.name ?? null}, ${d.title ?? null}, ${d.organisation ?? null},
              ${d.country ?? null})`.execute(tx);
  }
}

/** One insert per kind; the switch is exhaustive so a new kind cannot be forgotten. */
export async function insertKindDetails(tx: Db, actionId: string, gadId: string, a: ActionInput): Promise<void> {
  switch (a.type) {
    case 'participation': {
      const d = a.details;
      await sql`INSERT INTO participation (action_id, gad_id, convener, funding, funding_note)
        VALUES (${actionId}, ${gadId}, ${d.convener ?? null}, ${d.funding ?? null}, ${d.fundingNote ?? null})`.execute(tx);
      return insertDelegates(tx, actionId, gadId, d.delegates);
    }
    case 'award': {
      const d = a.details;
      await sql`INSERT INTO award (action_id, gad_id, convener, year, category, coordinating_unit, outcome)
        VALUES (${actionId}, ${gadId}, ${d.convener ?? null}, ${d.year ?? null}, ${d.category ?? null},
                ${d.coordinatingUnit ?? null}, ${d.outcome})`.execute(tx);
      return;
    }
    case 'visit': {
      const d = a.details;
      await sql`INSERT INTO visit (action_id, gad_id, agenda, outcome)
        VALUES (${actionId}, ${gadId}, ${d.agenda ?? null}, ${d.outcome ?? null})`.execute(tx);
      return insertDelegates(tx, actionId, gadId, d.delegates);
    }
    case 'hosted_event': {
      const d = a.details;
      await sql`INSERT INTO hosted_event (action_id, gad_id, co_organiser, topic, outcome_document)
        VALUES (${actionId}, ${gadId}, ${d.coOrganiser ?? null}, ${d.topic ?? null}, ${d.outcomeDocument ?? null})`.execute(tx);
      return;
    }
    case 'agreement': {
      const d = a.details;
      await sql`INSERT INTO agreement (action_id, gad_id, kind, areas, signed_on, signed_place, valid_from,
          valid_until, state, sent_to_ministry_on)
        VALUES (${actionId}, ${gadId}, ${d.kind}, ${d.areas ?? null}, ${d.signedOn ?? null}, ${d.signedPlace ?? null},
                ${d.validFrom ?? null}, ${d.validUntil ?? null}, ${d.state}, ${d.sentToMinistryOn ?? null})`.execute(tx);
      return;
    }
    case 'membership': {
      const d = a.details;
      await sql`INSERT INTO membership (action_id, gad_id, member_since, activity_level, activity_note, committees)
        VALUES (${actionId}, ${gadId}, ${d.memberSince ?? null}, ${d.activityLevel ?? null}, ${d.activityNote ?? null},
                ${d.committees}::text[])`.execute(tx);
      for (const r of d.roles) {
        await sql`INSERT INTO membership_role (action_id, gad_id, role, label, body, term_start, term_end)
          VALUES (${actionId}, ${gadId}, ${r.role}, ${r.label ?? null}, ${r.body ?? null}, ${r.termStart ?? null},
                  ${r.termEnd ?? null})`.execute(tx);
      }
      return;
    }
    case 'project': {
      const d = a.details;
      await sql`INSERT INTO project (action_id, gad_id, modality, direction, flow, state, approved_by, approved_on,
          register_number, iati_identifier)
        VALUES (${actionId}, ${gadId}, ${d.modality}, ${d.direction}, ${d.flow ?? null}, ${d.state},
                ${d.approvedBy ?? null}, ${d.approvedOn ?? null}, ${d.registerNumber ?? null},
                ${d.iatiIdentifier ?? null})`.execute(tx);
      for (const m of d.amounts) {
        await sql`INSERT INTO project_amount (action_id, gad_id, kind, amount_minor, currency, partner_id, on_date)
          VALUES (${actionId}, ${gadId}, ${m.kind}, ${m.amountMinor}, ${m.currency}, ${m.partnerId ?? null},
                  ${m.onDate ?? null})`.execute(tx);
      }
      return;
    }
    default: {
      const unreachable: never = a;
      throw new Error(`Unknown action type ${String(unreachable)}`);
    }
  }
}
