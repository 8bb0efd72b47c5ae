-- National views that are too big to sum from the per-GAD rollups on each request (issue 12): the world
-- partner map of every GAD reads about a million rollup rows and counts distinct partners. Its result is
-- kept here per kind of reader and period, recomputed after each rollup refresh that changed a GAD, and
-- computed on the spot when a request finds none younger than the last change (rollups/national-views.ts).

-- When a refresh last changed a GAD's rollup rows: a view computed before then may be out of date.
ALTER TABLE rollups_state ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE analytics_national_view (
  view        text NOT NULL,
  -- Who it was computed for, as rollups/visibility.ts names kinds of readers ('public', 'government', 'gad:<id>'…):
  -- readers with one key see exactly the same rows.
  reader      text NOT NULL,
  -- The request's resolved parameters, as canonical JSON.
  params      text NOT NULL,
  -- Set when the view holds a GAD's own restricted rows (a GAD user's view): the row is that GAD's.
  gad_id      uuid REFERENCES gad (id) ON DELETE CASCADE,
  body        text NOT NULL,
  -- When the computation started, on the primary's clock: it saw every change committed before then.
  computed_at timestamptz NOT NULL,
  -- Roughly when it was last asked for (updated at most hourly): views nobody reads are not kept fresh.
  read_at     timestamptz NOT NULL,
  PRIMARY KEY (view, reader, params)
);
CREATE INDEX analytics_national_view_gad_idx ON analytics_national_view (gad_id) WHERE gad_id IS NOT NULL;
