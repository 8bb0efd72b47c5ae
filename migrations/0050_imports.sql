-- Imports: spreadsheets, IATI activity files and sister-city lists, run as background jobs.

-- One import run: the uploaded file, its options, its progress and its outcome. The real run
-- writes its records, its report and its final state in one transaction: all rows or none.
CREATE TABLE import_run (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gad_id        uuid NOT NULL REFERENCES gad(id),
  created_by    uuid REFERENCES app_user(id),
  kind          text NOT NULL CHECK (kind IN (
    'participation', 'award', 'visit', 'hosted_event', 'agreement', 'membership', 'project',
    'partner', 'iati', 'sister_cities')),
  mode          text NOT NULL CHECK (mode IN ('create', 'update', 'upsert')),
  dry_run       boolean NOT NULL,
  skip_bad_rows boolean NOT NULL DEFAULT false,
  mapping       jsonb NOT NULL DEFAULT '{}'::jsonb,
  file_name     text,
  file_data     bytea NOT NULL,
  state         text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  rows_total    int NOT NULL DEFAULT 0,
  rows_done     int NOT NULL DEFAULT 0,
  created       int NOT NULL DEFAULT 0,
  updated       int NOT NULL DEFAULT 0,
  unchanged     int NOT NULL DEFAULT 0,
  bad           int NOT NULL DEFAULT 0,
  -- Why a run failed as a whole (bad rows without skipBadRows, an unreadable file).
  outcome       text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX import_run_gad_idx ON import_run (gad_id, created_at DESC);

-- The report: one line per problem, stored as a reason code so each reader gets it in their language.
CREATE TABLE import_report_row (
  import_id  uuid NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
  gad_id     uuid NOT NULL REFERENCES gad(id),
  row_number int NOT NULL,
  column_name text,
  value      text,
  reason     text NOT NULL,
  params     jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- 'error' rows are refused; 'info' rows are accounted for (an IATI activity outside Ecuador).
  severity   text NOT NULL DEFAULT 'error' CHECK (severity IN ('error', 'info'))
);
CREATE INDEX import_report_row_import_idx ON import_report_row (import_id, row_number);

-- A GAD's saved column mappings, by kind and name.
CREATE TABLE import_mapping (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gad_id     uuid NOT NULL REFERENCES gad(id),
  kind       text NOT NULL,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  mapping    jsonb NOT NULL,
  created_by uuid REFERENCES app_user(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (gad_id, kind, name)
);

-- Partners are shared, but each GAD's spreadsheet names them by its own identifiers.
CREATE TABLE partner_external_ref (
  gad_id      uuid NOT NULL REFERENCES gad(id),
  external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
  partner_id  uuid NOT NULL REFERENCES partner(id),
  PRIMARY KEY (gad_id, external_id)
);
CREATE INDEX partner_external_ref_partner_idx ON partner_external_ref (partner_id);

-- IATI organisation identifiers (e.g. GB-GOV-1) are global: one partner each.
ALTER TABLE partner ADD COLUMN iati_org_ref text UNIQUE;
