-- Document archive: versions, extraction state and the documents' own text for search.

-- Versions of one document share a key; version numbers count from 1 within it.
ALTER TABLE document ADD COLUMN document_key uuid;
UPDATE document SET document_key = COALESCE(version_of_id, id);
ALTER TABLE document ALTER COLUMN document_key SET NOT NULL;
ALTER TABLE document ADD COLUMN version int NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE document ADD COLUMN language text NOT NULL DEFAULT 'es' CHECK (language IN ('es', 'en', 'pt'));
ALTER TABLE document ADD COLUMN extraction_state text NOT NULL DEFAULT 'pending'
  CHECK (extraction_state IN ('pending', 'done', 'failed', 'not_extractable'));
ALTER TABLE document ADD COLUMN extraction_reason text;
ALTER TABLE document ADD COLUMN created_by_label text;
ALTER TABLE document ADD CONSTRAINT document_key_version_key UNIQUE (document_key, version);
-- The same bytes are stored once per record (a commitment, or an action for its own documents).
CREATE UNIQUE INDEX document_record_sha_idx ON document ((COALESCE(commitment_id, action_id)), sha256) WHERE deleted_at IS NULL;
CREATE INDEX document_commitment_idx ON document (commitment_id);
CREATE INDEX document_storage_key_idx ON document (storage_key);

-- Accent-insensitive configurations for ts_headline, so that a snippet of "Bogotá" highlights a
-- search for "bogota" while keeping the original accents on screen. Matching itself uses
-- to_tsvector(<language>, f_unaccent(text)), as action.search_vector does.
CREATE TEXT SEARCH CONFIGURATION glocal_es (COPY = spanish);
ALTER TEXT SEARCH CONFIGURATION glocal_es ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
CREATE TEXT SEARCH CONFIGURATION glocal_en (COPY = english);
ALTER TEXT SEARCH CONFIGURATION glocal_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION glocal_pt (COPY = portuguese);
ALTER TEXT SEARCH CONFIGURATION glocal_pt ALTER MAPPING FOR hword, hword_part, word WITH unaccent, portuguese_stem;

CREATE FUNCTION glocal_stem_config(language text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE language WHEN 'en' THEN 'english'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig ELSE 'spanish'::regconfig END $$;
CREATE FUNCTION glocal_headline_config(language text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE language WHEN 'en' THEN 'glocal_en'::regconfig WHEN 'pt' THEN 'glocal_pt'::regconfig ELSE 'glocal_es'::regconfig END $$;

-- The text extracted from one document version, in the document's language.
CREATE TABLE document_text (
  document_id   uuid PRIMARY KEY REFERENCES document(id),
  gad_id        uuid NOT NULL REFERENCES gad(id),
  language      text NOT NULL DEFAULT 'es' CHECK (language IN ('es', 'en', 'pt')),
  body          text NOT NULL,
  search_vector tsvector,
  extracted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_text_search_idx ON document_text USING gin (search_vector);

CREATE FUNCTION document_text_search_vector_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := to_tsvector(glocal_stem_config(NEW.language), f_unaccent(NEW.body));
  RETURN NEW;
END $$;
CREATE TRIGGER document_text_search_vector_trg BEFORE INSERT OR UPDATE OF body, language ON document_text
  FOR EACH ROW EXECUTE FUNCTION document_text_search_vector_refresh();
