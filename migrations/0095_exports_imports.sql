-- Exports walk one GAD's live actions in id order, a keyset batch at a time (`a.id > last ORDER BY a.id`).
-- Every visibility rule includes `deleted_at IS NULL`, so the partial index serves every caller, and each
-- batch starts where the previous one ended instead of re-reading the GAD's actions and sorting them.
CREATE INDEX action_gad_live_id_idx ON action (gad_id, id) WHERE deleted_at IS NULL;

-- Imports settle a file's partner names in one query. The fuzzy match accepts a partner outright when it is the
-- only one whose name or an alias has the same trigram set as the name (similarity 1); this key of the trigram
-- set turns "same trigram set" into an indexed join.
CREATE FUNCTION f_trigram_key(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT md5(array_to_string(public.show_trgm(public.f_unaccent(lower($1))), '|')) $$;
CREATE INDEX partner_trigram_key_idx ON partner (f_trigram_key(name));
CREATE INDEX partner_alias_trigram_key_idx ON partner_alias (f_trigram_key(alias));
