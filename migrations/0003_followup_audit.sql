-- Commitments, documents, lessons learned and the append-only audit log.

CREATE TABLE document (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gad_id       uuid NOT NULL REFERENCES gad(id),
  action_id    uuid REFERENCES action(id),
  commitment_id uuid,
  kind         text NOT NULL DEFAULT 'other' CHECK (kind IN (
    'acta', 'signed_instrument', 'trip_report', 'letter', 'draft', 'evidence', 'other')),
  title        text NOT NULL,
  file_name    text NOT NULL,
  media_type   text NOT NULL,
  size_bytes   bigint NOT NULL CHECK (size_bytes >= 0),
  sha256       char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key  text NOT NULL,
  version_of_id uuid REFERENCES document(id),
  illustrative boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at   timestamptz
);
CREATE INDEX document_action_idx ON document (action_id);

ALTER TABLE agreement ADD CONSTRAINT agreement_signed_document_fk
  FOREIGN KEY (signed_document_id) REFERENCES document(id);

CREATE TABLE commitment (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gad_id             uuid NOT NULL REFERENCES gad(id),
  action_id          uuid NOT NULL REFERENCES action(id),
  kind               text NOT NULL DEFAULT 'obligation' CHECK (kind IN (
    'obligation', 'trip_report', 'award_lessons', 'renewal')),
  description        text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  responsible_unit   text,
  responsible_person text,
  due_on             date,
  -- "overdue" is derived from due_on and state at read time, never stored.
  state              text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'in_progress', 'done', 'cancelled')),
  completed_on       date,
  evidence_url       text,
  evidence_document_id uuid REFERENCES document(id),
  illustrative       boolean NOT NULL DEFAULT false,
  version            int NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  deleted_at         timestamptz,
  CHECK (state <> 'done' OR evidence_url IS NOT NULL OR evidence_document_id IS NOT NULL)
);
CREATE INDEX commitment_gad_due_idx ON commitment (gad_id, state, due_on);
CREATE INDEX commitment_action_idx ON commitment (action_id);

ALTER TABLE document ADD CONSTRAINT document_commitment_fk
  FOREIGN KEY (commitment_id) REFERENCES commitment(id);

CREATE TABLE commitment_note (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  commitment_id uuid NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,
  gad_id        uuid NOT NULL REFERENCES gad(id),
  body          text NOT NULL,
  author_label  text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- The narrative the thesis asks for: first approach, negotiation, limits, errors, advice.
CREATE TABLE lesson (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gad_id              uuid NOT NULL REFERENCES gad(id),
  action_id           uuid NOT NULL REFERENCES action(id),
  visibility          text NOT NULL DEFAULT 'own' CHECK (visibility IN ('public', 'gads', 'government', 'own')),
  title               text NOT NULL,
  first_contact_channel text CHECK (first_contact_channel IN (
    'network_meeting', 'embassy', 'visit', 'direct_approach', 'intermediary', 'other')),
  first_contact       text,
  negotiation         text,
  obstacles           text,
  errors              text,
  results             text,
  advice              text,
  applied_home        text,
  illustrative        boolean NOT NULL DEFAULT false,
  version             int NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  deleted_at          timestamptz
);
CREATE INDEX lesson_action_idx ON lesson (action_id);

CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    uuid,
  actor_label text NOT NULL,
  gad_id      uuid REFERENCES gad(id),
  entity      text NOT NULL,
  entity_id   text NOT NULL,
  operation   text NOT NULL CHECK (operation IN ('create', 'update', 'delete', 'restore', 'merge', 'unmerge', 'transition')),
  diff        jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at);

-- A public registry owes its users an untouchable trail: the log is append-only.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Which demo/reference loads have run, so a restart does not load them twice.
CREATE TABLE data_load (
  name      text PRIMARY KEY,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  row_count int NOT NULL
);
