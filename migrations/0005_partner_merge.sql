-- Merging two partners must be undoable: what moved is recorded, so it can move back.
CREATE TABLE partner_merge (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_id     uuid NOT NULL REFERENCES partner(id),
  target_id     uuid NOT NULL REFERENCES partner(id),
  moved_links   jsonb NOT NULL,
  added_aliases text[] NOT NULL,
  merged_by     uuid REFERENCES app_user(id),
  merged_at     timestamptz NOT NULL DEFAULT now(),
  undone_at     timestamptz,
  CHECK (source_id <> target_id)
);
CREATE INDEX partner_merge_source_idx ON partner_merge (source_id);
