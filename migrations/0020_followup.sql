-- The follow-up loop: per-GAD rules for automatic obligations, who answers for a commitment,
-- how often each user wants a digest, and the keys that make every automatic write happen once.

-- One row per GAD that changed the defaults; a GAD without a row follows the defaults in code
-- (features/followup/rules.ts), so a new GAD needs no setup.
CREATE TABLE followup_rule (
  gad_id              uuid PRIMARY KEY REFERENCES gad(id),
  trip_report_days    int NOT NULL DEFAULT 15 CHECK (trip_report_days BETWEEN 1 AND 180),
  award_lessons       boolean NOT NULL DEFAULT true,
  award_lessons_days  int NOT NULL DEFAULT 30 CHECK (award_lessons_days BETWEEN 1 AND 365),
  -- Days before an agreement's valid_until at which its renewal alert fires, largest first.
  renewal_alert_days  int[] NOT NULL DEFAULT '{90,30}'
    CHECK (cardinality(renewal_alert_days) BETWEEN 1 AND 5 AND 0 < ALL (renewal_alert_days) AND 731 > ALL (renewal_alert_days)),
  dormant_months      int NOT NULL DEFAULT 12 CHECK (dormant_months BETWEEN 1 AND 120),
  -- Who answers for an automatic obligation when the record's author is no longer a user of the GAD.
  default_responsible_user_id uuid REFERENCES app_user(id),
  version             int NOT NULL DEFAULT 1,
  updated_at          timestamptz NOT NULL DEFAULT now()
);

-- The person (an account) who answers for a commitment and receives its overdue reminder.
-- responsible_person stays as free text for people without an account.
ALTER TABLE commitment ADD COLUMN responsible_user_id uuid REFERENCES app_user(id);
-- Set on obligations created by a rule ("trip_report:<action id>"): a rule applied twice, by
-- two instances or two days running, creates the obligation once.
ALTER TABLE commitment ADD COLUMN source_key text;
CREATE UNIQUE INDEX commitment_source_key_idx ON commitment (source_key) WHERE source_key IS NOT NULL;
CREATE INDEX commitment_responsible_idx ON commitment (responsible_user_id) WHERE responsible_user_id IS NOT NULL;

-- How often a user wants the digest of what is due or overdue; no row means daily.
CREATE TABLE followup_preference (
  user_id    uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
  digest     text NOT NULL DEFAULT 'daily' CHECK (digest IN ('none', 'daily', 'weekly')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL;
