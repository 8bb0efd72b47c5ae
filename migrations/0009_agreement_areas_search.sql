-- People look for an agreement by its areas ("movilidad, residuos sólidos"), which live on the
-- agreement row, not the action. The action's search vector now takes them in with the
-- description's weight, and a change of areas refreshes it.
CREATE OR REPLACE FUNCTION action_search_vector_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('spanish', f_unaccent(coalesce(NEW.title, ''))), 'A') ||
    setweight(to_tsvector('spanish', f_unaccent(coalesce(NEW.description, ''))), 'B') ||
    setweight(to_tsvector('spanish', f_unaccent(coalesce((SELECT ag.areas FROM agreement ag WHERE ag.action_id = NEW.id), ''))), 'B') ||
    setweight(to_tsvector('simple', f_unaccent(coalesce(NEW.city, ''))), 'C');
  RETURN NEW;
END $$;

-- Naming title in SET fires the action's column trigger, which recomputes the vector; nothing else changes.
CREATE FUNCTION agreement_areas_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE action SET title = title WHERE id = NEW.action_id;
  RETURN NULL;
END $$;
-- Only when there are areas to add or they changed: bulk imports of agreements without areas pay nothing.
CREATE TRIGGER agreement_areas_insert_trg AFTER INSERT ON agreement
  FOR EACH ROW WHEN (NEW.areas IS NOT NULL) EXECUTE FUNCTION agreement_areas_search_refresh();
CREATE TRIGGER agreement_areas_update_trg AFTER UPDATE OF areas ON agreement
  FOR EACH ROW WHEN (OLD.areas IS DISTINCT FROM NEW.areas) EXECUTE FUNCTION agreement_areas_search_refresh();

UPDATE action SET title = title WHERE id IN (SELECT action_id FROM agreement WHERE areas IS NOT NULL);
