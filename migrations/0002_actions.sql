-- Partners and the seven kinds of international action.

CREATE TABLE partner (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
  type         text NOT NULL CHECK (type IN (
    'local_government', 'regional_government', 'national_government', 'cooperation_agency',
    'development_bank', 'un_body', 'city_network', 'international_organisation', 'ngo',
    'university', 'company', 'other')),
  country_code char(2) REFERENCES country(code),
  city         text,
  illustrative boolean NOT NULL DEFAULT false,
  -- Set when an admin merges this partner into another; kept so a merge can be undone.
  merged_into_id uuid REFERENCES partner(id),
  version      int NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at   timestamptz
);
CREATE INDEX partner_name_trgm_idx ON partner USING gin (f_unaccent(lower(name)) gin_trgm_ops);
CREATE INDEX partner_country_idx ON partner (country_code);

-- The thesis's own table names AICE and Ciudades Mensajeras de la Paz twice: names vary, partners do not.
CREATE TABLE partner_alias (
  partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
  alias      text NOT NULL CHECK (length(alias) BETWEEN 1 AND 500),
  PRIMARY KEY (partner_id, alias)
);
CREATE INDEX partner_alias_trgm_idx ON partner_alias USING gin (f_unaccent(lower(alias)) gin_trgm_ops);

CREATE TABLE action (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gad_id         uuid NOT NULL REFERENCES gad(id),
  type           text NOT NULL CHECK (type IN (
    'participation', 'award', 'visit', 'hosted_event', 'agreement', 'membership', 'project')),
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
  description    text,
  start_date     date,
  end_date       date,
  -- Sources often give only a year or a month; the date holds its first day.
  date_precision text NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year')),
  city           text,
  country_code   char(2) REFERENCES country(code),
  visibility     text NOT NULL DEFAULT 'own' CHECK (visibility IN ('public', 'gads', 'government', 'own')),
  territorial_scope text CHECK (territorial_scope IN ('cross_border', 'trans_regional', 'global')),
  motive         text CHECK (motive IN ('economic', 'cultural', 'political')),
  channel        text CHECK (channel IN ('formal', 'informal')),
  governance_mode text CHECK (governance_mode IN ('self_governing', 'co_governing', 'hierarchical_governing')),
  illustrative   boolean NOT NULL DEFAULT false,
  -- Where the record comes from (e.g. "Gráfico 9") and what the source leaves unclear.
  source_note    text,
  ambiguity_note text,
  external_id    text,
  version        int NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz,
  search_vector  tsvector,
  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
  UNIQUE (gad_id, external_id)
);
CREATE INDEX action_gad_type_idx ON action (gad_id, type, start_date);
CREATE INDEX action_type_start_idx ON action (type, start_date);
CREATE INDEX action_country_idx ON action (country_code);
CREATE INDEX action_search_idx ON action USING gin (search_vector);
CREATE INDEX action_title_trgm_idx ON action USING gin (f_unaccent(lower(title)) gin_trgm_ops);

CREATE FUNCTION action_search_vector_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('spanish', f_unaccent(coalesce(NEW.title, ''))), 'A') ||
    setweight(to_tsvector('spanish', f_unaccent(coalesce(NEW.description, ''))), 'B') ||
    setweight(to_tsvector('simple', f_unaccent(coalesce(NEW.city, ''))), 'C');
  RETURN NEW;
END $$;
CREATE TRIGGER action_search_vector_trg BEFORE INSERT OR UPDATE OF title, description, city ON action
  FOR EACH ROW EXECUTE FUNCTION action_search_vector_refresh();

-- Every row below is tenant-owned and carries its GAD id, so that tenancy filters never need a join.
CREATE TABLE action_theme (
  action_id  uuid NOT NULL REFERENCES action(id) ON DELETE CASCADE,
  gad_id     uuid NOT NULL REFERENCES gad(id),
  theme_code text NOT NULL REFERENCES theme(code),
  PRIMARY KEY (action_id, theme_code)
);
CREATE INDEX action_theme_theme_idx ON action_theme (theme_code);

CREATE TABLE action_partner (
  action_id  uuid NOT NULL REFERENCES action(id) ON DELETE CASCADE,
  gad_id     uuid NOT NULL REFERENCES gad(id),
  partner_id uuid NOT NULL REFERENCES partner(id),
  role       text NOT NULL CHECK (role IN (
    'counterpart', 'convener', 'host', 'network', 'funder', 'co_organiser', 'delegation',
    'awarding_body', 'member', 'implementer', 'other')),
  PRIMARY KEY (action_id, partner_id, role)
);
CREATE INDEX action_partner_partner_idx ON action_partner (partner_id);

CREATE TABLE participation (
  action_id    uuid PRIMARY KEY REFERENCES action(id) ON DELETE CASCADE,
  gad_id       uuid NOT NULL REFERENCES gad(id),
  convener     text,
  funding      text CHECK (funding IN ('none', 'partial', 'full')),
  funding_note text
);

-- Delegates of our GAD sent abroad (participations) or of a foreign delegation received (visits).
CREATE TABLE delegate (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id    uuid NOT NULL REFERENCES action(id) ON DELETE CASCADE,
  gad_id       uuid NOT NULL REFERENCES gad(id),
  position     int  NOT NULL,
  name         text,
  title        text,
  organisation text,
  country_code char(2) REFERENCES country(code),
  CHECK (name IS NOT NULL OR title IS NOT NULL)
);
CREATE INDEX delegate_action_idx ON delegate (action_id);

CREATE TABLE award (
  action_id         uuid PRIMARY KEY REFERENCES action(id) ON DELETE CASCADE,
  gad_id            uuid NOT NULL REFERENCES gad(id),
  convener          text,
  year              int CHECK (year BETWEEN 1900 AND 2200),
  category          text,
  coordinating_unit text,
  outcome           text NOT NULL CHECK (outcome IN ('applied', 'finalist', 'won', 'not_won'))
);

CREATE TABLE visit (
  action_id uuid PRIMARY KEY REFERENCES action(id) ON DELETE CASCADE,
  gad_id    uuid NOT NULL REFERENCES gad(id),
  agenda    text,
  outcome   text CHECK (outcome IN ('protocol', 'approach', 'instrument_signed'))
);

CREATE TABLE hosted_event (
  action_id        uuid PRIMARY KEY REFERENCES action(id) ON DELETE CASCADE,
  gad_id           uuid NOT NULL REFERENCES gad(id),
  co_organiser     text,
  topic            text,
  outcome_document text
);

CREATE TABLE agreement (
  action_id         uuid PRIMARY KEY REFERENCES action(id) ON DELETE CASCADE,
  gad_id            uuid NOT NULL REFERENCES gad(id),
  kind              text NOT NULL CHECK (kind IN (
    'twinning', 'cooperation_agreement', 'memorandum', 'letter_of_intent', 'addendum')),
  areas             text,
  signed_on         date,
  signed_place      text,
  valid_from        date,
  valid_until       date,
  state             text NOT NULL CHECK (state IN (
    'negotiating', 'signed', 'in_force', 'expired', 'terminated', 'dormant', 'reactivated')),
  signed_document_id uuid,
  -- The foreign ministry asks for a copy of every instrument a GAD signs; Quito never sent one.
  sent_to_ministry_on date,
  CHECK (valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from)
);

CREATE TABLE membership (
  action_id      uuid PRIMARY KEY REFERENCES action(id) ON DELETE CASCADE,
  gad_id         uuid NOT NULL REFERENCES gad(id),
  member_since   date,
  activity_level text CHECK (activity_level IN ('none', 'low', 'medium', 'high')),
  activity_note  text,
  committees     text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE membership_role (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id  uuid NOT NULL REFERENCES membership(action_id) ON DELETE CASCADE,
  gad_id     uuid NOT NULL REFERENCES gad(id),
  role       text NOT NULL CHECK (role IN (
    'president', 'co_president', 'vice_president', 'committee_chair',
    'executive_committee_member', 'council_member', 'other')),
  label      text,
  body       text,
  term_start date,
  term_end   date,
  CHECK (term_end IS NULL OR term_start IS NULL OR term_end >= term_start)
);
CREATE INDEX membership_role_action_idx ON membership_role (action_id);

CREATE TABLE project (
  action_id       uuid PRIMARY KEY REFERENCES action(id) ON DELETE CASCADE,
  gad_id          uuid NOT NULL REFERENCES gad(id),
  modality        text NOT NULL CHECK (modality IN (
    'technical_assistance', 'non_reimbursable', 'reimbursable_credit', 'in_kind')),
  direction       text NOT NULL CHECK (direction IN ('received', 'offered', 'mutual')),
  flow            text CHECK (flow IN ('north_south', 'south_south', 'triangular')),
  state           text NOT NULL DEFAULT 'planned' CHECK (state IN (
    'planned', 'in_progress', 'completed', 'cancelled', 'suspended')),
  -- COPLAFIN Art. 69: the GAD's highest authority approves; the agency registers.
  approved_by     text,
  approved_on     date,
  register_number text,
  iati_identifier text,
  UNIQUE (iati_identifier)
);

-- Money is integer minor units plus an ISO 4217 code; never floats.
CREATE TABLE project_amount (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id    uuid NOT NULL REFERENCES project(action_id) ON DELETE CASCADE,
  gad_id       uuid NOT NULL REFERENCES gad(id),
  kind         text NOT NULL CHECK (kind IN ('budget', 'commitment', 'disbursement', 'counterpart_contribution')),
  amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
  currency     char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  partner_id   uuid REFERENCES partner(id),
  on_date      date
);
CREATE INDEX project_amount_action_idx ON project_amount (action_id);
