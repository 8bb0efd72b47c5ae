-- Exports walk one GAD's live actions in id order, a keyset batch at a time (`a.id > last ORDER BY a.id`).
-- Every visibility rule includes `deleted_at IS NULL`, so the partial index serves every caller, and each
-- batch starts where the previous one ended instead of re-reading the GAD's actions and sorting them.
CREATE INDEX action_gad_live_id_idx ON action (gad_id, id) WHERE deleted_at IS NULL;
