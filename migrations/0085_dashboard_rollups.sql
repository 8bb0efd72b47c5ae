-- Rollups of the follow-up, alignment and articulation dashboards (issue 12). Each table is one
-- GAD's aggregate rows, recomputed by src/server/rollups when the GAD is marked dirty (0080). Every
-- row keeps gad_id and visibility, so a reader adds up only the rows visibleTo() lets it see.

-- Follow-up: live agreements (signed, in force, reactivated, dormant) with their latest linked
-- activity, as of the Ecuador day in followup_rollup_day.computed_on.
CREATE TABLE followup_agreement_rollup (
  action_id        uuid PRIMARY KEY,
  gad_id           uuid NOT NULL,
  visibility       text NOT NULL,
  title            text NOT NULL,
  state            text NOT NULL,
  valid_until      date,
  last_activity_on date,
  partner_ids      text[] NOT NULL
);
CREATE INDEX followup_agreement_rollup_gad_idx ON followup_agreement_rollup (gad_id, visibility);

-- The day a GAD's agreement activity was computed for, and the first later day on which the
-- calendar alone may change it (a dated action or completion still in the future then). A reader
-- whose today differs, or has reached stale_on, computes live instead.
CREATE TABLE followup_rollup_day (
  gad_id      uuid PRIMARY KEY,
  computed_on date NOT NULL,
  stale_on    date
);

-- Follow-up: live commitments (not cancelled) per month due; the board and the indicators add
-- whole months from here and count the partial months at a range's edges live.
CREATE TABLE followup_commitment_rollup (
  gad_id     uuid NOT NULL,
  visibility text NOT NULL,
  source     text NOT NULL,
  kind       text NOT NULL,
  state      text NOT NULL,
  due_month  date,
  n          int  NOT NULL
);
CREATE INDEX followup_commitment_rollup_idx ON followup_commitment_rollup (gad_id, state, due_month);

-- Alignment: live actions per GAD, visibility and month of their start date.
CREATE TABLE alignment_action_rollup (
  gad_id      uuid NOT NULL,
  visibility  text NOT NULL,
  start_month date NOT NULL,
  n           int  NOT NULL
);
CREATE INDEX alignment_action_rollup_idx ON alignment_action_rollup (start_month, gad_id);

-- Articulation index: agreements (not negotiating) and projects per GAD, visibility, year and
-- days from signature to report (NULL when unknown), with the counts the index adds up.
CREATE TABLE articulation_rollup (
  gad_id     uuid NOT NULL,
  visibility text NOT NULL,
  year       int,
  days       int,
  agreements int NOT NULL,
  reported   int NOT NULL,
  on_time    int NOT NULL,
  projects   int NOT NULL,
  registered int NOT NULL
);
CREATE INDEX articulation_rollup_gad_idx ON articulation_rollup (gad_id, year);

-- Notes on commitments count as agreement activity: mark their GAD dirty like the tables in 0080.
CREATE TRIGGER commitment_note_rollup_ins_trg AFTER INSERT ON commitment_note REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_dirty();
CREATE TRIGGER commitment_note_rollup_upd_trg AFTER UPDATE ON commitment_note REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_dirty();
CREATE TRIGGER commitment_note_rollup_del_trg AFTER DELETE ON commitment_note REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_dirty();

-- The per-GAD queries behind the dashboards and their refreshes.
-- Board columns in due order, and a year of a GAD's commitments.
CREATE INDEX IF NOT EXISTS commitment_gad_due_id_idx ON commitment (gad_id, due_on, id);
-- A GAD's actions of a period (alignment), and every GAD's actions of a partial month (national alignment).
CREATE INDEX IF NOT EXISTS action_gad_start_idx ON action (gad_id, start_date);
CREATE INDEX IF NOT EXISTS action_start_idx ON action (start_date);

-- Plan indicators: a GAD's agreements by state and its project amounts.
CREATE INDEX IF NOT EXISTS agreement_gad_state_idx ON agreement (gad_id, state);
CREATE INDEX IF NOT EXISTS project_amount_gad_idx ON project_amount (gad_id, kind, currency);
-- Index-only reads of a GAD's commitments by state and due date, and of an action's visibility
-- (every commitment, agreement and project figure checks its action's).
CREATE INDEX IF NOT EXISTS commitment_gad_state_due_cover_idx ON commitment (gad_id, state, due_on) INCLUDE (completed_on, kind, action_id, deleted_at);
CREATE INDEX IF NOT EXISTS action_visibility_cover_idx ON action (id) INCLUDE (gad_id, visibility, deleted_at, start_date, type);

-- Fill the new rollups on the next refresh.
INSERT INTO rollup_dirty (gad_id) SELECT id FROM gad;
