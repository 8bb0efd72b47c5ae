-- Lists and searches answer from a bounded set of matches (see features/actions/queries.ts).
-- Without words, the newest (or oldest) actions come from this index in date order; it carries the
-- columns that visibility, the common filters and the facets read, so the bounded set is an
-- index-only scan instead of ten thousand random reads of the action table.
CREATE INDEX IF NOT EXISTS action_live_start_idx ON action (start_date DESC NULLS LAST, id)
  INCLUDE (visibility, gad_id, type, country_code) WHERE deleted_at IS NULL;

-- A list or search narrowed by country and kind ("agreements in Spain") reads the few hundred actions
-- that have both, instead of AND-ing a country bitmap with the bitmap of every action of that kind.
CREATE INDEX IF NOT EXISTS action_country_type_idx ON action (country_code, type, start_date DESC NULLS LAST)
  WHERE deleted_at IS NULL;
