-- A GAD's strategic plan for international relations (issue 8), versioned: every approved
-- version is frozen; editing it makes a new draft version that copies it.

CREATE TABLE plan (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gad_id         uuid NOT NULL REFERENCES gad(id),
  -- Shared by every version of the same plan (its lineage).
  plan_key       uuid NOT NULL,
  version_number int  NOT NULL CHECK (version_number >= 1),
  state          text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'approved', 'superseded')),
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  period_start   date NOT NULL,
  period_end     date NOT NULL,
  vision         text,
  visibility     text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'gads', 'government', 'own')),
  illustrative   boolean NOT NULL DEFAULT false,
  based_on_id    uuid REFERENCES plan(id),
  approved_at    timestamptz,
  approved_by    text,
  approved_by_id uuid,
  version        int NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz,
  CHECK (period_end >= period_start),
  CHECK ((state = 'draft') = (approved_at IS NULL)),
  UNIQUE (plan_key, version_number)
);
CREATE INDEX plan_gad_idx ON plan (gad_id, period_start);
-- At most one draft and one approved version per lineage.
CREATE UNIQUE INDEX plan_one_draft_idx ON plan (plan_key) WHERE state = 'draft' AND deleted_at IS NULL;
CREATE UNIQUE INDEX plan_one_approved_idx ON plan (plan_key) WHERE state = 'approved';

CREATE TABLE plan_axis (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id     uuid NOT NULL REFERENCES plan(id),
  gad_id      uuid NOT NULL REFERENCES gad(id),
  position    int  NOT NULL,
  code        text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  description text,
  UNIQUE (plan_id, code)
);

CREATE TABLE plan_objective (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id       uuid NOT NULL REFERENCES plan(id),
  gad_id        uuid NOT NULL REFERENCES gad(id),
  -- Shared by the copies of one objective across versions, so links from actions survive a new version.
  objective_key uuid NOT NULL DEFAULT gen_random_uuid(),
  axis_id       uuid REFERENCES plan_axis(id),
  position      int  NOT NULL,
  code          text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  text          text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  UNIQUE (plan_id, code),
  UNIQUE (plan_id, objective_key)
);
CREATE INDEX plan_objective_key_idx ON plan_objective (objective_key);

-- Priorities: themes, world regions, countries, partners and networks. An objective may own some:
-- those drive the link suggestions for it.
CREATE TABLE plan_priority (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id       uuid NOT NULL REFERENCES plan(id),
  gad_id        uuid NOT NULL REFERENCES gad(id),
  objective_id  uuid REFERENCES plan_objective(id),
  position      int  NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('theme', 'region', 'country', 'partner', 'network')),
  value         text NOT NULL CHECK (length(value) BETWEEN 1 AND 100),
  UNIQUE NULLS NOT DISTINCT (plan_id, objective_id, kind, value)
);

CREATE TABLE plan_target (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id      uuid NOT NULL REFERENCES plan(id),
  gad_id       uuid NOT NULL REFERENCES gad(id),
  objective_id uuid NOT NULL REFERENCES plan_objective(id),
  position     int  NOT NULL,
  -- A code of the indicator catalogue (src/server/features/plans/indicators.ts).
  indicator    text NOT NULL CHECK (indicator ~ '^[a-z_]+$'),
  params       jsonb NOT NULL DEFAULT '{}'::jsonb,
  baseline     numeric NOT NULL,
  target_value numeric NOT NULL,
  target_year  int NOT NULL CHECK (target_year BETWEEN 1900 AND 2200)
);

-- Links from an action to what it serves. Only a person's confirmation creates one.
CREATE TABLE action_link (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id          uuid NOT NULL REFERENCES action(id) ON DELETE CASCADE,
  gad_id             uuid NOT NULL REFERENCES gad(id),
  kind               text NOT NULL CHECK (kind IN ('plan_objective', 'national_objective', 'sdg')),
  -- plan_objective: the objective_key; national_objective: its code; sdg: its number.
  ref                text NOT NULL CHECK (length(ref) BETWEEN 1 AND 100),
  confirmed_by       uuid,
  confirmed_by_label text NOT NULL,
  confirmed_at       timestamptz NOT NULL,
  UNIQUE (action_id, kind, ref)
);
CREATE INDEX action_link_gad_idx ON action_link (gad_id, kind, ref);

-- Reference: which PNBV policies an action's theme, world region or kind may serve, for link
-- suggestions only (data/reference/theme-national-objectives.json).
CREATE TABLE national_objective_hint (
  basis                   text NOT NULL CHECK (basis IN ('theme', 'region', 'action_type')),
  value                   text NOT NULL,
  national_objective_code text NOT NULL REFERENCES national_objective(code),
  PRIMARY KEY (basis, value, national_objective_code)
);

-- An approved version is frozen: only its state may move on to superseded. A superseded one never changes.
CREATE FUNCTION plan_refuse_frozen_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.state <> 'draft' THEN
      RAISE EXCEPTION 'plan % is % and cannot be deleted', OLD.id, OLD.state USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.state = 'superseded'
     OR (OLD.state = 'approved' AND (NEW.state NOT IN ('approved', 'superseded')
       OR (to_jsonb(NEW) - 'state' - 'version' - 'updated_at') <> (to_jsonb(OLD) - 'state' - 'version' - 'updated_at'))) THEN
    RAISE EXCEPTION 'plan % is % and frozen; edit it through a new draft version', OLD.id, OLD.state USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER plan_frozen_trg BEFORE UPDATE OR DELETE ON plan
  FOR EACH ROW EXECUTE FUNCTION plan_refuse_frozen_change();

-- The parts of a plan change only while it is a draft.
CREATE FUNCTION plan_part_refuse_frozen_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target_plan uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.plan_id ELSE NEW.plan_id END;
  plan_state text;
BEGIN
  SELECT state INTO plan_state FROM plan WHERE id = target_plan;
  IF plan_state IS DISTINCT FROM 'draft' THEN
    RAISE EXCEPTION 'plan % is % and frozen', target_plan, plan_state USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.plan_id <> NEW.plan_id THEN
    SELECT state INTO plan_state FROM plan WHERE id = OLD.plan_id;
    IF plan_state IS DISTINCT FROM 'draft' THEN
      RAISE EXCEPTION 'plan % is % and frozen', OLD.plan_id, plan_state USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER plan_axis_frozen_trg BEFORE INSERT OR UPDATE OR DELETE ON plan_axis
  FOR EACH ROW EXECUTE FUNCTION plan_part_refuse_frozen_change();
CREATE TRIGGER plan_objective_frozen_trg BEFORE INSERT OR UPDATE OR DELETE ON plan_objective
  FOR EACH ROW EXECUTE FUNCTION plan_part_refuse_frozen_change();
CREATE TRIGGER plan_priority_frozen_trg BEFORE INSERT OR UPDATE OR DELETE ON plan_priority
  FOR EACH ROW EXECUTE FUNCTION plan_part_refuse_frozen_change();
CREATE TRIGGER plan_target_frozen_trg BEFORE INSERT OR UPDATE OR DELETE ON plan_target
  FOR EACH ROW EXECUTE FUNCTION plan_part_refuse_frozen_change();
