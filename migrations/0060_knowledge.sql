-- Shared knowledge (issue 9): negotiation journals with their own visibility, usefulness votes,
-- contact persons, derived outcomes for filters, and the partnership exchange.

-- Invented people (an illustrative contact person) are flagged like every other invented record.
ALTER TABLE app_user ADD COLUMN illustrative boolean NOT NULL DEFAULT false;

-- A GAD may publish a lesson while keeping how it negotiated (first approach, narrative, timeline)
-- at government or own. The journal is never more visible than the lesson that holds it.
ALTER TABLE lesson ADD COLUMN negotiation_visibility text NOT NULL DEFAULT 'own'
  CHECK (negotiation_visibility IN ('public', 'gads', 'government', 'own'));
-- Until now the whole lesson had one level: keep what was already shown, shown.
UPDATE lesson SET negotiation_visibility = visibility;
ALTER TABLE lesson ADD CONSTRAINT lesson_negotiation_not_wider CHECK (
  array_position(ARRAY['own', 'government', 'gads', 'public'], negotiation_visibility)
    <= array_position(ARRAY['own', 'government', 'gads', 'public'], visibility));
-- The person other GADs may call about this lesson; shown only while they keep show_as_contact.
ALTER TABLE lesson ADD COLUMN contact_user_id uuid REFERENCES app_user(id);
-- Searchable text of the lesson; the negotiation journal is left out so a search never reveals it.
ALTER TABLE lesson ADD COLUMN search_vector tsvector;
CREATE FUNCTION lesson_search_vector_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('spanish', f_unaccent(coalesce(NEW.title, ''))), 'A') ||
    setweight(to_tsvector('spanish', f_unaccent(coalesce(NEW.results, '') || ' ' || coalesce(NEW.advice, ''))), 'B') ||
    setweight(to_tsvector('spanish', f_unaccent(coalesce(NEW.obstacles, '') || ' ' || coalesce(NEW.errors, '') || ' '
      || coalesce(NEW.applied_home, ''))), 'C');
  RETURN NEW;
END $$;
CREATE TRIGGER lesson_search_vector_trg BEFORE INSERT OR UPDATE OF title, results, advice, obstacles, errors, applied_home
  ON lesson FOR EACH ROW EXECUTE FUNCTION lesson_search_vector_refresh();
UPDATE lesson SET title = title;
CREATE INDEX lesson_search_idx ON lesson USING gin (search_vector);
CREATE INDEX lesson_gad_idx ON lesson (gad_id);

-- The dated timeline of the negotiation; read under the lesson's negotiation_visibility.
CREATE TABLE negotiation_step (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lesson_id   uuid NOT NULL REFERENCES lesson(id) ON DELETE CASCADE,
  gad_id      uuid NOT NULL REFERENCES gad(id),
  position    int  NOT NULL CHECK (position >= 0),
  occurred_on date,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  UNIQUE (lesson_id, position)
);

-- "Useful" marks: one per user and lesson. The row belongs to the voter's GAD.
CREATE TABLE lesson_vote (
  lesson_id  uuid NOT NULL REFERENCES lesson(id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  gad_id     uuid NOT NULL REFERENCES gad(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (lesson_id, user_id)
);
CREATE INDEX lesson_vote_user_idx ON lesson_vote (user_id);

-- One outcome per action for filtering lessons: the award's result, the agreement's or project's
-- state, the visit's outcome. The value sets do not overlap, so one code names one outcome.
CREATE VIEW action_outcome AS
  SELECT a.id AS action_id,
         COALESCE(aw.outcome, ag.state, pr.state, vi.outcome) AS outcome
  FROM action a
  LEFT JOIN award aw ON aw.action_id = a.id
  LEFT JOIN agreement ag ON ag.action_id = a.id
  LEFT JOIN project pr ON pr.action_id = a.id
  LEFT JOIN visit vi ON vi.action_id = a.id;

-- The partnership exchange: offers and requests of experience between GADs and with partners abroad.
CREATE TABLE exchange_post (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gad_id           uuid NOT NULL REFERENCES gad(id),
  kind             text NOT NULL CHECK (kind IN ('offer', 'request')),
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  description      text,
  -- A world region (as country.world_region), or 'ecuador' for a partner inside the country; NULL: anywhere.
  preferred_region text CHECK (preferred_region IN (
    'ecuador', 'latin_america_caribbean', 'north_america', 'europe', 'africa', 'asia', 'oceania', 'middle_east')),
  expires_on       date NOT NULL,
  contact_user_id  uuid REFERENCES app_user(id),
  visibility       text NOT NULL DEFAULT 'gads' CHECK (visibility IN ('public', 'gads', 'government', 'own')),
  illustrative     boolean NOT NULL DEFAULT false,
  version          int NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  deleted_at       timestamptz
);
CREATE INDEX exchange_post_gad_idx ON exchange_post (gad_id);
CREATE INDEX exchange_post_kind_idx ON exchange_post (kind, expires_on);

CREATE TABLE exchange_post_theme (
  post_id    uuid NOT NULL REFERENCES exchange_post(id) ON DELETE CASCADE,
  gad_id     uuid NOT NULL REFERENCES gad(id),
  theme_code text NOT NULL REFERENCES theme(code),
  PRIMARY KEY (post_id, theme_code)
);
CREATE INDEX exchange_post_theme_theme_idx ON exchange_post_theme (theme_code);
