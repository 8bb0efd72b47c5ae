-- Reporting to central government (COOTAD Art. 131, COPLAFIN Art. 69): a GAD reports a signed
-- agreement or a cooperation project, or consults the ministry on a draft before signing.
-- The thesis found Quito never sent one instrument; these rows are the trail that closes that gap.

CREATE TABLE report (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gad_id          uuid NOT NULL REFERENCES gad(id),
  action_id       uuid NOT NULL REFERENCES action(id),
  kind            text NOT NULL CHECK (kind IN ('agreement', 'project', 'pre_signature')),
  state           text NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'received', 'observed', 'registered', 'answered')),
  -- The signed instrument (agreement) or the draft (pre-signature); no FK so documents may evolve on their own.
  document_id     uuid,
  note            text CHECK (length(note) <= 10000),
  register_number text CHECK (length(register_number) BETWEEN 1 AND 100),
  registered_on   date,
  -- The ministry's answer to a pre-signature consultation; it stays on file with the agreement.
  answer          text CHECK (answer IN ('no_objection', 'observations')),
  submitted_at    timestamptz NOT NULL,
  received_at     timestamptz,
  observed_at     timestamptz,
  registered_at   timestamptz,
  answered_at     timestamptz,
  -- When the current state began: the central queue shows how long each report has waited in it.
  state_since     timestamptz NOT NULL,
  illustrative    boolean NOT NULL DEFAULT false,
  version         int NOT NULL DEFAULT 1,
  CHECK ((state = 'registered') = (register_number IS NOT NULL AND registered_on IS NOT NULL)),
  CHECK (state <> 'registered' OR kind <> 'pre_signature'),
  CHECK ((state = 'answered') = (answer IS NOT NULL)),
  CHECK (state <> 'answered' OR kind = 'pre_signature')
);
CREATE INDEX report_gad_state_idx ON report (gad_id, state, state_since);
CREATE INDEX report_state_idx ON report (state, state_since);
CREATE INDEX report_action_idx ON report (action_id);
-- One open report of each kind per action: a second submission of the same agreement is a conflict.
CREATE UNIQUE INDEX report_one_per_action_idx ON report (action_id, kind);

-- The thread of an observed report: the analyst's observations and the GAD's replies.
CREATE TABLE report_message (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Insertion order: two messages may share a timestamp, the thread must still read in order.
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  report_id    uuid NOT NULL REFERENCES report(id) ON DELETE CASCADE,
  gad_id       uuid NOT NULL REFERENCES gad(id),
  author_side  text NOT NULL CHECK (author_side IN ('central', 'gad')),
  author_id    uuid REFERENCES app_user(id),
  author_label text NOT NULL,
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  created_at   timestamptz NOT NULL
);
CREATE INDEX report_message_report_idx ON report_message (report_id, seq);

