-- Background jobs live in PostgreSQL so that any app instance may run them and none is lost.
CREATE TABLE job (
  id           bigserial PRIMARY KEY,
  queue        text NOT NULL,
  payload      jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- A job with a key is enqueued at most once: "digest for user U on day D" is sent once,
  -- however many instances schedule it.
  unique_key   text UNIQUE,
  state        text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts     int NOT NULL DEFAULT 0,
  max_attempts int NOT NULL DEFAULT 5,
  run_at       timestamptz NOT NULL DEFAULT now(),
  locked_by    text,
  locked_until timestamptz,
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX job_ready_idx ON job (queue, run_at) WHERE state IN ('queued', 'running');
