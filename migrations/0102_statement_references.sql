-- References to small tables checked once per statement instead of once per row (issue 12).
--
-- A foreign key runs one lookup per inserted row. An import writes thousands of actions that all name the
-- same GAD, a handful of countries and themes, and one user: a chunk of 5,000 visits ran 30,000 of those
-- lookups, a quarter of its time. These references are checked instead by statement-level triggers, over the
-- distinct keys of the statement's rows. They keep a foreign key's guarantees:
-- - a child row must name an existing parent; its statement fails with foreign_key_violation (23503),
--   the same message and the same constraint name as before;
-- - the parents named are locked FOR KEY SHARE, as a foreign key does, so a concurrent delete of one waits
--   for the writer and then finds its new child;
-- - a parent still referenced cannot be deleted, have its key changed, or be truncated.
-- One case a foreign key covers and a trigger cannot: a REPEATABLE READ transaction deleting a parent does
-- not see a child committed after its snapshot, so the parent side refuses to run at that isolation level.
-- The application never deletes GADs, countries, themes or users; the guard is for hand-written SQL.

CREATE TABLE statement_reference (
  name          text PRIMARY KEY,
  child_table   text NOT NULL,
  child_column  text NOT NULL,
  parent_table  text NOT NULL,
  parent_column text NOT NULL
);

INSERT INTO statement_reference VALUES
  ('action_gad_id_fkey',           'action',       'gad_id',       'gad',      'id'),
  ('action_country_code_fkey',     'action',       'country_code', 'country',  'code'),
  ('action_theme_theme_code_fkey', 'action_theme', 'theme_code',   'theme',    'code'),
  ('audit_log_gad_id_fkey',        'audit_log',    'gad_id',       'gad',      'id'),
  ('audit_log_actor_fk',           'audit_log',    'actor_id',     'app_user', 'id');

DO $do$
DECLARE r statement_reference;
BEGIN
  FOR r IN SELECT * FROM statement_reference LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.child_table, r.name);

    -- Child side: lock the parents the statement names, then look for one that is not there. Like a foreign
    -- key, an update checks only the keys it brings in, so editing an action locks no GAD.
    EXECUTE format($fn$
      CREATE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
      DECLARE missing text;
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          PERFORM 1 FROM %4$I p WHERE p.%5$I IN (SELECT c.%3$I FROM new_rows c EXCEPT SELECT o.%3$I FROM old_rows o)
            FOR KEY SHARE OF p;
          SELECT n.k::text INTO missing FROM (SELECT c.%3$I AS k FROM new_rows c EXCEPT SELECT o.%3$I FROM old_rows o) n
           WHERE n.k IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %4$I p WHERE p.%5$I = n.k) LIMIT 1;
        ELSE
          PERFORM 1 FROM %4$I p WHERE p.%5$I IN (SELECT c.%3$I FROM new_rows c) FOR KEY SHARE OF p;
          SELECT n.k::text INTO missing FROM (SELECT DISTINCT c.%3$I AS k FROM new_rows c) n
           WHERE n.k IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %4$I p WHERE p.%5$I = n.k) LIMIT 1;
        END IF;
        IF missing IS NOT NULL THEN
          RAISE EXCEPTION 'insert or update on table "%2$s" violates foreign key constraint "%6$s"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = %6$L, TABLE = %2$L, COLUMN = %3$L,
                  DETAIL = format('Key (%3$s)=(%%s) is not present in table "%4$s".', missing);
        END IF;
        RETURN NULL;
      END $body$$fn$,
      r.name || '_check', r.child_table, r.child_column, r.parent_table, r.parent_column, r.name);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
      r.name || '_ins_trg', r.child_table, r.name || '_check');
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
      r.name || '_upd_trg', r.child_table, r.name || '_check');

    -- Parent side: a key that left the table (deleted, or changed by an update) may not still be named.
    -- Most updates of a parent keep its key (a user signing in), and return before looking at any child.
    EXECUTE format($fn$
      CREATE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
      DECLARE referenced text;
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF NOT EXISTS (SELECT 1 FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.%5$I = o.%5$I)) THEN
            RETURN NULL;
          END IF;
        END IF;
        IF current_setting('transaction_isolation') = 'repeatable read' THEN
          RAISE EXCEPTION 'deleting or re-keying rows of "%4$s" must run at READ COMMITTED or SERIALIZABLE'
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Reference "%6$s" is checked by a trigger, which cannot see rows committed after a REPEATABLE READ snapshot.';
        END IF;
        -- A key deleted and inserted again in the same statement is still there, as a NO ACTION key allows.
        SELECT o.%5$I::text INTO referenced FROM old_rows o
         WHERE NOT EXISTS (SELECT 1 FROM %4$I p WHERE p.%5$I = o.%5$I)
           AND EXISTS (SELECT 1 FROM %2$I c WHERE c.%3$I = o.%5$I) LIMIT 1;
        IF referenced IS NOT NULL THEN
          RAISE EXCEPTION 'update or delete on table "%4$s" violates foreign key constraint "%6$s" on table "%2$s"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = %6$L, TABLE = %4$L,
                  DETAIL = format('Key (%5$s)=(%%s) is still referenced from table "%2$s".', referenced);
        END IF;
        RETURN NULL;
      END $body$$fn$,
      r.name || '_parent_check', r.child_table, r.child_column, r.parent_table, r.parent_column, r.name);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
      r.name || '_parent_del_trg', r.parent_table, r.name || '_parent_check');
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
      r.name || '_parent_upd_trg', r.parent_table, r.name || '_parent_check');

    -- TRUNCATE skips row triggers; a foreign key refuses it while the child has rows, and so does this.
    EXECUTE format($fn$
      CREATE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
      BEGIN
        IF EXISTS (SELECT 1 FROM %2$I c WHERE c.%3$I IS NOT NULL) THEN
          RAISE EXCEPTION 'cannot truncate "%4$s": table "%2$s" references it through "%5$s"' USING ERRCODE = 'feature_not_supported';
        END IF;
        RETURN NULL;
      END $body$$fn$,
      r.name || '_parent_truncate', r.child_table, r.child_column, r.parent_table, r.name);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION %I()',
      r.name || '_parent_truncate_trg', r.parent_table, r.name || '_parent_truncate');
  END LOOP;
END $do$;
