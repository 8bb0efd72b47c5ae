-- The in-app inbox. Emails about these rows are sent by jobs; dedupe_key makes a reminder once-only.
CREATE TABLE notification (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  gad_id      uuid REFERENCES gad(id),
  kind        text NOT NULL CHECK (length(kind) BETWEEN 1 AND 60),
  title       text NOT NULL,
  body        text,
  link        text,
  dedupe_key  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz,
  emailed_at  timestamptz,
  UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC);
