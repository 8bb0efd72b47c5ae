-- Rollups of the analytics dashboards (src/server/features/analytics/rollup.ts), refreshed per GAD by
-- the rollups job (0080). Every table keeps gad_id and visibility as keys, so a reader's allowed
-- visibilities are composed at query time exactly as for the actions themselves; deleted actions are
-- never counted. `year` is the year the action starts, NULL when the records give no date. Counts of
-- distinct actions are additive across rows because each action lies in exactly one (gad, visibility, year).

-- Actions of each kind, with awards won and actions without a theme (positioning, comparison, national page).
CREATE TABLE analytics_action_year (
  gad_id     uuid NOT NULL,
  visibility text NOT NULL,
  year       int,
  type       text NOT NULL,
  n          int NOT NULL,
  won        int NOT NULL,
  no_theme   int NOT NULL
);
CREATE INDEX analytics_action_year_gad_idx ON analytics_action_year (gad_id, year);

-- Leadership roles in city networks, by the years of their term (NULL: not known).
CREATE TABLE analytics_role (
  gad_id     uuid NOT NULL,
  visibility text NOT NULL,
  start_year int,
  end_year   int,
  n          int NOT NULL
);
CREATE INDEX analytics_role_gad_idx ON analytics_role (gad_id);

-- Budgeted money of projects per currency, in minor units.
CREATE TABLE analytics_money (
  gad_id       uuid NOT NULL,
  visibility   text NOT NULL,
  year         int,
  currency     char(3) NOT NULL,
  amount_minor numeric NOT NULL
);
CREATE INDEX analytics_money_gad_idx ON analytics_money (gad_id, year);

-- Actions by one classifying dimension (theme, territorial_scope, motive, channel, governance_mode,
-- direction, flow, modality, region); code NULL is the actions the records leave unclassified.
CREATE TABLE analytics_breakdown (
  gad_id     uuid NOT NULL,
  visibility text NOT NULL,
  year       int,
  dimension  text NOT NULL,
  code       text,
  n          int NOT NULL
);
CREATE INDEX analytics_breakdown_gad_idx ON analytics_breakdown (gad_id, year);

-- Partner map: actions per partner country (a partner from there, or the action took place there).
CREATE TABLE analytics_country (
  gad_id     uuid NOT NULL,
  visibility text NOT NULL,
  year       int,
  country    char(2) NOT NULL,
  actions    int NOT NULL
);
CREATE INDEX analytics_country_gad_idx ON analytics_country (gad_id, year);

-- Partner map: which partners of each country the actions of a (gad, visibility, year) have, so that a
-- partner working with several GADs or years counts once.
CREATE TABLE analytics_country_partner (
  gad_id     uuid NOT NULL,
  visibility text NOT NULL,
  year       int,
  country    char(2) NOT NULL,
  partner_id uuid NOT NULL
);
CREATE INDEX analytics_country_partner_gad_idx ON analytics_country_partner (gad_id, year);

-- Partner map: places (partner cities and meeting places) with their actions and partner names.
CREATE TABLE analytics_city (
  gad_id     uuid NOT NULL,
  visibility text NOT NULL,
  year       int,
  city       text NOT NULL,
  country    char(2) NOT NULL,
  actions    int NOT NULL,
  partners   text[] NOT NULL
);
CREATE INDEX analytics_city_gad_idx ON analytics_city (gad_id, year);

-- Timeline: each action's span (agreements from signature or validity to expiry), so a GAD's timeline
-- finds the first items of a period through an index instead of reading all its actions. Only the
-- candidates come from here; the items shown are read live and checked again for visibility.
CREATE TABLE analytics_timeline (
  gad_id     uuid NOT NULL,
  visibility text NOT NULL,
  type       text NOT NULL,
  starts_on  date,
  ends_on    date,
  title      text NOT NULL,
  action_id  uuid NOT NULL
);
CREATE INDEX analytics_timeline_start_idx ON analytics_timeline (gad_id, starts_on, title);
CREATE INDEX analytics_timeline_end_idx ON analytics_timeline (gad_id, ends_on);

INSERT INTO rollup_dirty (gad_id) SELECT id FROM gad;
