/**
 * The reporting workflow as a pure state machine. A report of a signed agreement or a cooperation
 * project runs submitted → received → observed → registered; the analyst may observe straight from
 * submitted (receipt is then implied) and observe again after a reply. A pre-signature consultation
 * ends in the ministry's answer instead of a register number.
 */
export type ReportKind = 'agreement' | 'project' | 'pre_signature';
export type ReportState = 'submitted' | 'received' | 'observed' | 'registered' | 'answered';
export type ReportEvent = 'receive' | 'observe' | 'reply' | 'register' | 'answer';
/** Who may fire an event: the ministry or agency (central), or the reporting GAD. */
export type Side = 'central' | 'gad';

export interface ReportSnapshot {
  kind: ReportKind;
  state: ReportState;
  /** Side of the last message in the thread, if any: registering observed work waits for the GAD's reply. */
  lastMessageSide: Side | null;
}

export const EVENT_SIDE: Record<ReportEvent, Side> = {
  receive: 'central',
  observe: 'central',
  reply: 'gad',
  register: 'central',
  answer: 'central',
};

export type TransitionResult =
  | { ok: true; state: ReportState; /** States whose timestamp this transition sets. */ stamps: ReportState[] }
  | { ok: false; reason: string };

const refuse = (reason: string): TransitionResult => ({ ok: false, reason });

export function nextState(report: ReportSnapshot, event: ReportEvent): TransitionResult {
  const { kind, state } = report;
  if (state === 'registered' || state === 'answered') return refuse(`The report is already ${state}`);
  switch (event) {
    case 'receive':
      return state === 'submitted' ? { ok: true, state: 'received', stamps: ['received'] } : refuse('Only a submitted report can be received');
    case 'observe':
      if (kind === 'pre_signature') return refuse('A pre-signature consultation is answered, not observed');
      if (state === 'submitted') return { ok: true, state: 'observed', stamps: ['received', 'observed'] };
      if (state === 'received') return { ok: true, state: 'observed', stamps: ['observed'] };
      // Further observations only once the GAD has answered the last ones.
      if (state === 'observed' && report.lastMessageSide === 'gad') return { ok: true, state: 'observed', stamps: ['observed'] };
      return refuse('The GAD has not replied to the last observations yet');
    case 'reply':
      return state === 'observed' ? { ok: true, state: 'observed', stamps: [] } : refuse('Only observed reports take a reply');
    case 'register':
      if (kind === 'pre_signature') return refuse('A pre-signature consultation is answered, not registered');
      if (state === 'received' || state === 'submitted') return { ok: true, state: 'registered', stamps: state === 'submitted' ? ['received', 'registered'] : ['registered'] };
      if (state === 'observed' && report.lastMessageSide === 'gad') return { ok: true, state: 'registered', stamps: ['registered'] };
      return refuse('Observations are open: the GAD must reply before the report is registered');
    case 'answer':
      if (kind !== 'pre_signature') return refuse('Only a pre-signature consultation takes an answer');
      return { ok: true, state: 'answered', stamps: state === 'submitted' ? ['received', 'answered'] : ['answered'] };
    default: {
      const unreachable: never = event;
      return refuse(`Unknown event ${String(unreachable)}`);
    }
  }
}

/** The kind of report an action can make: agreements are reported (or consulted before signing), projects registered. */
export function kindsFor(actionType: string, agreementState: string | null): ReportKind[] {
  if (actionType === 'project') return ['project'];
  if (actionType !== 'agreement') return [];
  return agreementState === 'negotiating' ? ['pre_signature'] : ['agreement'];
}
