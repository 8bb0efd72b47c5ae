import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type RawBuilder } from 'kysely';
import type { Actor, Ctx } from '../../context.ts';
import { refreshRollups, startTestApp, type TestApp } from '../../testing/harness.ts';
import { makeAction } from '../../testing/factories.ts';
import { actorOfUser, type UserRow } from '../auth/actor-of-user.ts';
import { getNationalAlignment } from '../plans/alignment.ts';
import { articulationIndex } from '../reporting/articulation.ts';
import { addDays, localDate } from '../shared/dates.ts';
import { visibleTo } from '../shared/visibility.ts';
import { agreementsOf } from './agreement-rollup.ts';
import { endOfMonth, followUpBoard } from './board.ts';
import { followUpIndicators } from './indicators.ts';
import { agreementsWithActivity, loadRules } from './records.ts';
import { isDormant } from './rules.ts';

/**
 * Every dashboard figure read from a rollup equals the figure counted live from the records, for
 * every kind of reader, on the demo data; and it follows a write once the rollups are refreshed.
 * The clock is the real one: the agreement rollup is computed for the day of its refresh.
 */
let t: TestApp;
const now = new Date();
const today = localDate(now);
const readers: { name: string; actor: Actor }[] = [{ name: 'anonymous', actor: { kind: 'anonymous' } }];
let quito: string;

before(async () => {
  t = await startTestApp({ clock: () => now });
  quito = (await sql<{ id: string }>`SELECT id FROM gad WHERE dpa_code = '1701'`.execute(t.database.db)).rows[0]!.id;
  const users = await sql<UserRow>`SELECT id, email, display_name, role, gad_id, organisation, locale FROM app_user
    WHERE email IN ('admin@demo.glocal.ec', 'editor.quito@demo.glocal.ec', 'editor.cuenca@demo.glocal.ec',
      'analista.cancilleria@demo.glocal.ec', 'analista.ame@demo.glocal.ec') ORDER BY email`.execute(t.database.db);
  for (const user of users.rows) readers.push({ name: user.email, actor: actorOfUser(user) });
  assert.equal(readers.length, 6);
  await seedCommitments();
  await refreshRollups(t.app);
});
after(() => t.close());

/** Quito's demo data has no commitments: a spread of them over every visibility, state, and due dates around today. */
async function seedCommitments() {
  const offsets = [-400, -40, -1, 0, 3, 20, 45, 100, null];
  const states = ['pending', 'in_progress', 'done', 'cancelled'];
  for (const visibility of ['public', 'gads', 'government', 'own'] as const) {
    const action = await makeAction(t.database, { gad: '1701', type: 'visit', title: `Visita ${visibility}`, visibility, startDate: addDays(today, -500) });
    for (const [i, offset] of offsets.entries()) {
      const state = states[i % states.length]!;
      const due = offset === null ? null : addDays(today, offset);
      await sql`INSERT INTO commitment (gad_id, action_id, kind, description, due_on, state, completed_on, evidence_url)
        VALUES (${quito}, ${action}, ${i % 3 === 0 ? 'trip_report' : 'obligation'}, 'Compromiso de prueba', ${due}::date, ${state},
          ${state === 'done' ? due ?? today : null}::date, ${state === 'done' ? 'https://example.org/e' : null})`.execute(t.database.db);
    }
  }
  // The first of this month, the day the rollup's whole months end.
  const action = await makeAction(t.database, { gad: '1701', type: 'visit', title: 'Visita del mes', visibility: 'public', startDate: addDays(today, -500) });
  await sql`INSERT INTO commitment (gad_id, action_id, description, due_on) VALUES (${quito}, ${action}, 'Al inicio del mes', ${`${today.slice(0, 7)}-01`}::date)`.execute(t.database.db);
}

const ctxOf = (actor: Actor): Ctx => ({ db: t.database.db, actor, now });
const count = async (actor: Actor, condition: RawBuilder<boolean>) => (await sql<{ n: number }>`SELECT count(*)::int AS n
  FROM commitment c JOIN action a ON a.id = c.action_id
  WHERE ${visibleTo(actor, 'a')} AND c.deleted_at IS NULL AND c.gad_id = ${quito} AND ${condition}`.execute(t.database.db)).rows[0]!.n;

async function liveBoardTotals(actor: Actor, windowEnd: string) {
  const open = sql`c.state IN ('pending', 'in_progress')`;
  return {
    overdue: await count(actor, sql<boolean>`${open} AND c.due_on < ${today}::date`),
    dueSoon: await count(actor, sql<boolean>`${open} AND c.due_on BETWEEN ${today}::date AND ${windowEnd}::date`),
    later: await count(actor, sql<boolean>`${open} AND (c.due_on > ${windowEnd}::date OR c.due_on IS NULL)`),
    done: await count(actor, sql<boolean>`c.state = 'done'`),
  };
}

async function boardTotals(actor: Actor, dueBefore?: string) {
  const board = await followUpBoard(ctxOf(actor), { gad: '1701', limit: 5, due_before: dueBefore });
  assert.ok(board.asOf);
  return Object.fromEntries(Object.entries(board.columns).map(([name, column]) => [name, column.total]));
}

/** The articulation index as it was computed before the rollup: one query over the records. */
async function liveArticulation(actor: Actor) {
  const result = await sql<{ gad_id: string | null; year: number | null; by_gad: boolean; by_year: boolean; agreements: number; reported: number;
    on_time: number; projects: number; registered: number; median: number | null }>`
    WITH agreements AS (
      SELECT a.gad_id, extract(year FROM COALESCE(ag.signed_on, a.start_date))::int AS year, ag.signed_on,
             LEAST(ag.sent_to_ministry_on, (SELECT min((r.submitted_at AT TIME ZONE 'America/Guayaquil')::date) FROM report r
                                            WHERE r.action_id = a.id AND r.kind = 'agreement')) AS reported_on
      FROM action a JOIN agreement ag ON ag.action_id = a.id WHERE ${visibleTo(actor, 'a')} AND ag.state <> 'negotiating'
    ), projects AS (
      SELECT a.gad_id, extract(year FROM a.start_date)::int AS year, (p.register_number IS NOT NULL) AS registered
      FROM action a JOIN project p ON p.action_id = a.id WHERE ${visibleTo(actor, 'a')}
    ), facts AS (
      SELECT gad_id, year, 1 AS agreement, (reported_on IS NOT NULL)::int AS reported,
             COALESCE((reported_on - signed_on) <= 30, false)::int AS on_time, (reported_on - signed_on) AS days, 0 AS project, 0 AS registered
      FROM agreements
      UNION ALL SELECT gad_id, year, 0, 0, 0, NULL, 1, registered::int FROM projects
    )
    SELECT gad_id, year, GROUPING(gad_id) = 0 AS by_gad, GROUPING(year) = 0 AS by_year, sum(agreement)::int AS agreements, sum(reported)::int AS reported, sum(on_time)::int AS on_time,
      sum(project)::int AS projects, sum(registered)::int AS registered, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median
    FROM facts GROUP BY GROUPING SETS ((gad_id), (year), ())`.execute(t.database.db);
  return result.rows;
}

async function liveActionsPerGad(actor: Actor, from: string, to: string) {
  const result = await sql<{ gad_id: string; n: number }>`SELECT a.gad_id, count(*)::int AS n FROM action a
    WHERE a.start_date BETWEEN ${from}::date AND ${to}::date AND ${visibleTo(actor, 'a')} GROUP BY a.gad_id`.execute(t.database.db);
  return new Map(result.rows.map((r) => [r.gad_id, r.n]));
}

describe('rollup figures equal live figures for every reader', () => {
  it('follow-up board: each column total, with this month and with a window that cuts months', async () => {
    for (const { name, actor } of readers) {
      const live = await liveBoardTotals(actor, endOfMonth(today));
      if (name === 'editor.quito@demo.glocal.ec') assert.ok(Object.values(live).some((n) => n > 0), `${name}: Quito's demo commitments`);
      assert.deepEqual(await boardTotals(actor), live, name);
      const window = addDays(today, 45);
      assert.deepEqual(await boardTotals(actor, window), await liveBoardTotals(actor, window), `${name}, window to ${window}`);
    }
  });

  it('follow-up indicators: overdue now, and the agreements with their last activity', async () => {
    const day = await sql<{ computed_on: string }>`SELECT computed_on FROM followup_rollup_day WHERE gad_id = ${quito}`.execute(t.database.db);
    assert.equal(day.rows[0]?.computed_on, today, 'the agreements come from the rollup, computed for today');
    for (const { name, actor } of readers) {
      const figures = await followUpIndicators(ctxOf(actor), '1701');
      assert.equal(figures.overdueCount, await count(actor, sql<boolean>`c.state IN ('pending', 'in_progress') AND c.due_on < ${today}::date`), name);
      const where = sql<boolean>`${visibleTo(actor, 'a')} AND a.gad_id = ${quito} AND ag.state IN ('signed', 'in_force', 'reactivated', 'dormant')`;
      const live = (await agreementsWithActivity(where, today, quito).execute(t.database.db)).rows;
      const rolled = await agreementsOf(ctxOf(actor), quito, today);
      assert.ok(live.length > 0 && live.some((r) => r.last_activity_on !== null), `${name}: Quito's demo agreements`);
      assert.deepEqual(rolled.map((r) => ({ ...r, partner_ids: [...r.partner_ids].sort() })), live.map((r) => ({ ...r, partner_ids: [...r.partner_ids].sort() })), name);
      const rules = (await loadRules(t.database.db))(quito);
      const dormant = live.filter((r) => isDormant({ state: r.state, lastActivityOn: r.last_activity_on }, rules, today));
      assert.deepEqual(figures.dormantAgreements, dormant.map((r) => ({ id: r.id, title: r.title, lastActivityOn: r.last_activity_on })), name);
      assert.equal(figures.dormantPartnerCount, new Set(dormant.flatMap((r) => r.partner_ids)).size, name);
      if (name === 'editor.quito@demo.glocal.ec') assert.ok(dormant.length > 0, 'some of Quito\'s demo agreements are dormant');
    }
  });

  it('articulation index: national total, each year and each GAD', async () => {
    for (const { name, actor } of readers) {
      const index = await articulationIndex(ctxOf(actor), {});
      const live = await liveArticulation(actor);
      const figures = (r: { agreementsSigned: number; agreementsReported: number; reportedWithin30Days: number; projects: number; projectsRegistered: number; medianDaysToReport: number | null }) =>
        [r.agreementsSigned, r.agreementsReported, r.reportedWithin30Days, r.projects, r.projectsRegistered, r.medianDaysToReport];
      const liveFigures = (r: (typeof live)[number]) => [r.agreements, r.reported, r.on_time, r.projects, r.registered, r.median === null ? null : Number(r.median)];
      assert.deepEqual(figures(index.total), liveFigures(live.find((r) => !r.by_gad && !r.by_year)!), `${name} total`);
      for (const year of index.years) {
        assert.deepEqual(figures(year), liveFigures(live.find((r) => r.by_year && r.year === year.year)!), `${name} ${year.year}`);
      }
      assert.equal(index.years.length, live.filter((r) => r.by_year).length, name);
      assert.ok('ranking' in index);
      for (const row of index.ranking) {
        const gad = live.find((r) => r.by_gad && r.gad_id === row.gad.id);
        assert.deepEqual(figures(row), liveFigures(gad!), `${name} ${row.gad.dpaCode}`);
      }
      assert.equal(index.ranking.length, live.filter((r) => r.by_gad).length, name);
    }
  });

  it('national alignment: actions per GAD over a year and over a period that cuts months', async () => {
    const analysts = readers.filter((r) => r.actor.kind === 'user' && ['central_analyst', 'association_analyst', 'platform_admin'].includes(r.actor.role));
    assert.equal(analysts.length, 3);
    for (const { name, actor } of analysts) {
      for (const [from, to] of [['2010-01-01', '2013-12-31'], ['2009-03-15', '2012-11-20']] as const) {
        const national = await getNationalAlignment(ctxOf(actor), { from, to });
        const live = await liveActionsPerGad(actor, from, to);
        for (const item of national.items) assert.equal(item.actions, live.get(item.gad.id) ?? 0, `${name} ${item.gad.dpaCode} ${from}`);
        const listed = new Set(national.items.filter((i) => i.actions > 0).map((i) => i.gad.id));
        const levels = actor.kind === 'user' && actor.role === 'association_analyst'
          ? new Set((await sql<{ id: string }>`SELECT id FROM gad WHERE level = ANY(${actor.memberLevels}::text[])`.execute(t.database.db)).rows.map((g) => g.id))
          : null;
        assert.deepEqual([...listed].sort(), [...live.keys()].filter((id) => !levels || levels.has(id)).sort(), `${name} ${from}`);
      }
    }
  });
});

describe('a write reaches the rollup figures at the next refresh', () => {
  it('a new overdue commitment', async () => {
    const editor = readers.find((r) => r.name === 'editor.quito@demo.glocal.ec')!.actor;
    const before = await boardTotals(editor);
    const action = (await sql<{ id: string }>`SELECT id FROM action WHERE gad_id = ${quito} AND deleted_at IS NULL ORDER BY id LIMIT 1`.execute(t.database.db)).rows[0]!.id;
    await sql`INSERT INTO commitment (gad_id, action_id, description, due_on) VALUES (${quito}, ${action}, 'Rollup test', ${addDays(today, -40)}::date)`.execute(t.database.db);
    assert.deepEqual(await boardTotals(editor), before, 'unchanged until the refresh');
    await refreshRollups(t.app);
    const afterwards = await boardTotals(editor);
    assert.equal(afterwards.overdue, before.overdue! + 1);
    assert.deepEqual(afterwards, await liveBoardTotals(editor, endOfMonth(today)));
  });
});
