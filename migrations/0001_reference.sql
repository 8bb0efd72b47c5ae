-- Reference data and codelists shared by every tenant.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE (its dictionary could change), which keeps it out of
-- indexes and generated columns. Pinning the dictionary makes the wrapper safe to
-- declare IMMUTABLE, the standard way to index accent-insensitive text.
CREATE FUNCTION f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE TABLE country (
  code        char(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
  name_es     text NOT NULL,
  name_en     text NOT NULL,
  name_pt     text NOT NULL,
  world_region text NOT NULL CHECK (world_region IN (
    'latin_america_caribbean', 'north_america', 'europe', 'africa', 'asia', 'oceania', 'middle_east'))
);

CREATE TABLE theme (
  code     text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
  position int  NOT NULL,
  name_es  text NOT NULL,
  name_en  text NOT NULL,
  name_pt  text NOT NULL,
  ucci_committee boolean NOT NULL DEFAULT false
);

CREATE TABLE sdg (
  number  int PRIMARY KEY CHECK (number BETWEEN 1 AND 17),
  name_es text NOT NULL,
  name_en text NOT NULL,
  name_pt text NOT NULL
);

CREATE TABLE theme_sdg (
  theme_code text NOT NULL REFERENCES theme(code),
  sdg_number int  NOT NULL REFERENCES sdg(number),
  PRIMARY KEY (theme_code, sdg_number)
);

-- The national foreign-policy objectives a GAD's action can serve (PNBV policies).
CREATE TABLE national_objective (
  code           text PRIMARY KEY,
  plan           text NOT NULL,
  objective      int  NOT NULL,
  objective_text text,
  policy         text NOT NULL,
  text           text,
  UNIQUE (plan, policy)
);

-- GADs are the tenants. Levels follow Constitution Art. 238 and COOTAD Art. 10 and 28.
CREATE TABLE gad (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dpa_code     text NOT NULL UNIQUE CHECK (dpa_code ~ '^[0-9]{2}([0-9]{2}([0-9]{2})?)?$'),
  name         text NOT NULL,
  level        text NOT NULL CHECK (level IN (
    'regional', 'provincial', 'municipal', 'metropolitan', 'rural_parish', 'special_regime')),
  parent_id    uuid REFERENCES gad(id),
  illustrative boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 'provincial') = (parent_id IS NULL) OR level IN ('regional', 'special_regime'))
);
CREATE INDEX gad_parent_idx ON gad (parent_id);
CREATE INDEX gad_level_idx ON gad (level);
CREATE INDEX gad_name_trgm_idx ON gad USING gin (f_unaccent(lower(name)) gin_trgm_ops);
