-- Accounts, sessions, tokens. Sessions live here so that any number of app instances can serve them.

CREATE TABLE app_user (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$'),
  display_name  text NOT NULL,
  password_hash text,
  role          text NOT NULL CHECK (role IN (
    'platform_admin', 'gad_admin', 'gad_editor', 'gad_viewer', 'central_analyst', 'association_analyst')),
  gad_id        uuid REFERENCES gad(id),
  -- Central analysts belong to the foreign ministry or the cooperation agency;
  -- association analysts to AME (municipalities), CONGOPE (provinces) or CONAGOPARE (rural parishes).
  organisation  text CHECK (organisation IN ('MREMH', 'SETECI', 'AME', 'CONGOPE', 'CONAGOPARE')),
  position      text,
  phone         text,
  locale        text NOT NULL DEFAULT 'es' CHECK (locale IN ('es', 'en', 'pt')),
  -- A GAD's contact person may choose not to be shown next to its lessons.
  show_as_contact boolean NOT NULL DEFAULT true,
  is_demo       boolean NOT NULL DEFAULT false,
  failed_logins int NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  disabled_at   timestamptz,
  oidc_subject  text UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((role IN ('gad_admin', 'gad_editor', 'gad_viewer')) = (gad_id IS NOT NULL)),
  CHECK (role <> 'central_analyst' OR organisation IN ('MREMH', 'SETECI')),
  CHECK (role <> 'association_analyst' OR organisation IN ('AME', 'CONGOPE', 'CONAGOPARE'))
);
CREATE UNIQUE INDEX app_user_email_idx ON app_user (email);
CREATE INDEX app_user_gad_idx ON app_user (gad_id);

-- Only hashes of secrets are stored: a leaked table opens no session.
CREATE TABLE session (
  id_hash      char(64) PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX session_user_idx ON session (user_id);

CREATE TABLE api_token (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  name         text NOT NULL,
  token_hash   char(64) NOT NULL UNIQUE,
  scopes       text[] NOT NULL CHECK (scopes <@ ARRAY['read', 'write']::text[] AND cardinality(scopes) > 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  expires_at   timestamptz,
  revoked_at   timestamptz
);

CREATE TABLE password_reset (
  token_hash char(64) PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);

CREATE TABLE invitation (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash  char(64) NOT NULL UNIQUE,
  gad_id      uuid NOT NULL REFERENCES gad(id),
  email       text NOT NULL CHECK (email = lower(email)),
  role        text NOT NULL CHECK (role IN ('gad_admin', 'gad_editor', 'gad_viewer')),
  invited_by  uuid NOT NULL REFERENCES app_user(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at  timestamptz
);
CREATE INDEX invitation_gad_idx ON invitation (gad_id);

-- State of an OpenID Connect login in flight (PKCE verifier, nonce), kept server-side for any instance.
CREATE TABLE oidc_login (
  state         text PRIMARY KEY,
  code_verifier text NOT NULL,
  nonce         text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_fk FOREIGN KEY (actor_id) REFERENCES app_user(id);
