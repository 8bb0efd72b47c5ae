-- Rollups: per-GAD aggregates that dashboards read instead of aggregating a million actions per request.
-- A write marks its GAD dirty here; a job (src/server/rollups/refresh.ts) recomputes the dirty GADs'
-- rollup rows every 15 s. Append-only with no unique constraint: two writers of one GAD insert a row
-- each and never wait on each other; the refresh deletes the rows it has taken.
CREATE TABLE rollup_dirty (
  gad_id    uuid NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rollup_dirty_gad_idx ON rollup_dirty (gad_id);

-- When a refresh run last started: every change marked before it and no longer in rollup_dirty is in
-- the rollups. "Figures as of" is the earlier of this and the oldest pending mark (rollups/as-of.ts).
CREATE TABLE rollups_state (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  refreshed_at timestamptz NOT NULL
);
INSERT INTO rollups_state (id, refreshed_at) VALUES (true, now());

-- One function for every table with a gad_id column; statement-level with transition tables, so a
-- COPY or a bulk UPDATE of a million rows marks each GAD once, not once per row.
CREATE FUNCTION rollup_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rollup_dirty (gad_id) SELECT DISTINCT gad_id FROM new_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO rollup_dirty (gad_id) SELECT gad_id FROM new_rows UNION SELECT gad_id FROM old_rows;
  ELSE
    INSERT INTO rollup_dirty (gad_id) SELECT DISTINCT gad_id FROM old_rows;
  END IF;
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence three triggers per table. Tables added later
-- attach the same function the same way in their own migration.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'action', 'action_theme', 'action_partner', 'participation', 'award', 'visit', 'hosted_event',
    'agreement', 'membership', 'membership_role', 'project', 'project_amount', 'commitment',
    'action_link', 'plan', 'plan_axis', 'plan_objective', 'plan_priority', 'plan_target', 'report']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_dirty()', t || '_rollup_ins_trg', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_dirty()', t || '_rollup_upd_trg', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_dirty()', t || '_rollup_del_trg', t);
  END LOOP;
END $$;

-- A partner has no GAD: a change to what the rollups read of it (its country, city, name, merge,
-- deletion) marks every GAD with an action linked to it.
CREATE FUNCTION rollup_mark_partner_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_dirty (gad_id)
  SELECT DISTINCT ap.gad_id FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN action_partner ap ON ap.partner_id = n.id
  WHERE (n.country_code, n.city, n.name, n.merged_into_id, n.deleted_at) IS DISTINCT FROM (o.country_code, o.city, o.name, o.merged_into_id, o.deleted_at);
  RETURN NULL;
END $$;
CREATE TRIGGER partner_rollup_upd_trg AFTER UPDATE ON partner REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_partner_dirty();

-- The first refresh fills the rollups of every GAD.
INSERT INTO rollup_dirty (gad_id) SELECT id FROM gad;
