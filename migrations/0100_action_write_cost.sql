-- What a new action costs to write, which bounds how fast a file of them imports (issue 12).

-- The search vector as one function, so that an import can compute it for a whole chunk in its INSERT
-- (set-based, about half the cost of the row trigger, which runs PL/pgSQL and looks up the agreement's
-- areas once per row). The trigger still fills it for every other insert, and keeps it right on update.
CREATE FUNCTION action_search_vector(title text, description text, areas text, city text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('spanish', f_unaccent(coalesce(title, ''))), 'A') ||
         setweight(to_tsvector('spanish', f_unaccent(coalesce(description, ''))), 'B') ||
         setweight(to_tsvector('spanish', f_unaccent(coalesce(areas, ''))), 'B') ||
         setweight(to_tsvector('simple', f_unaccent(coalesce(city, ''))), 'C')
$$;

CREATE OR REPLACE FUNCTION action_search_vector_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := action_search_vector(NEW.title, NEW.description,
    (SELECT ag.areas FROM agreement ag WHERE ag.action_id = NEW.id), NEW.city);
  RETURN NEW;
END $$;

DROP TRIGGER action_search_vector_trg ON action;
CREATE TRIGGER action_search_vector_insert_trg BEFORE INSERT ON action
  FOR EACH ROW WHEN (NEW.search_vector IS NULL) EXECUTE FUNCTION action_search_vector_refresh();
CREATE TRIGGER action_search_vector_update_trg BEFORE UPDATE OF title, description, city ON action
  FOR EACH ROW EXECUTE FUNCTION action_search_vector_refresh();

-- An action's id with its GAD, as a key: a child row's (action_id, gad_id) references it, which is one
-- foreign-key check per row instead of two (action, GAD), and a child can no longer name another GAD
-- than its action's (the rollups rely on that). It also replaces the covering index of visibility reads.
CREATE UNIQUE INDEX action_id_gad_key ON action (id, gad_id) INCLUDE (visibility, deleted_at, start_date, type);
DROP INDEX action_visibility_cover_idx;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['action_theme', 'action_partner', 'action_link', 'agreement', 'award', 'delegate',
                           'hosted_event', 'membership', 'participation', 'project', 'visit'] LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I, DROP CONSTRAINT %I,
      ADD CONSTRAINT %I FOREIGN KEY (action_id, gad_id) REFERENCES action (id, gad_id) ON DELETE CASCADE ON UPDATE CASCADE',
      t, t || '_action_id_fkey', t || '_gad_id_fkey', t || '_action_fkey');
  END LOOP;
END $$;

-- Indexes no read needs: the country's is the first column of action_country_type_idx, and national
-- reads by type go through action_live_start_idx, which carries the type.
DROP INDEX action_country_idx;
DROP INDEX action_type_start_idx;
