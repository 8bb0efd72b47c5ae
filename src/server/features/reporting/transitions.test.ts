import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kindsFor, nextState, type ReportSnapshot } from './transitions.ts';

const report = (over: Partial<ReportSnapshot> = {}): ReportSnapshot => ({ kind: 'agreement', state: 'submitted', lastMessageSide: null, ...over });

describe('the reporting state machine', () => {
  it('takes an agreement from submitted through received to registered', () => {
    assert.deepEqual(nextState(report(), 'receive'), { ok: true, state: 'received', stamps: ['received'] });
    assert.deepEqual(nextState(report({ state: 'received' }), 'register'), { ok: true, state: 'registered', stamps: ['registered'] });
  });

  it('lets the analyst observe a submitted report, which implies its receipt', () => {
    assert.deepEqual(nextState(report(), 'observe'), { ok: true, state: 'observed', stamps: ['received', 'observed'] });
  });

  it('keeps an observed report open until the GAD replies, then allows registering or new observations', () => {
    const observed = report({ state: 'observed', lastMessageSide: 'central' });
    assert.equal(nextState(observed, 'register').ok, false);
    assert.equal(nextState(observed, 'observe').ok, false);
    assert.deepEqual(nextState(observed, 'reply'), { ok: true, state: 'observed', stamps: [] });
    const replied = report({ state: 'observed', lastMessageSide: 'gad' });
    assert.equal(nextState(replied, 'register').ok, true);
    assert.equal(nextState(replied, 'observe').ok, true);
  });

  it('takes replies only while observed', () => {
    assert.equal(nextState(report(), 'reply').ok, false);
    assert.equal(nextState(report({ state: 'received' }), 'reply').ok, false);
  });

  it('refuses anything after registration', () => {
    for (const event of ['receive', 'observe', 'reply', 'register', 'answer'] as const) {
      assert.equal(nextState(report({ state: 'registered' }), event).ok, false, event);
    }
  });

  it('answers a pre-signature consultation instead of registering it', () => {
    const consultation = report({ kind: 'pre_signature' });
    assert.equal(nextState(consultation, 'register').ok, false);
    assert.equal(nextState(consultation, 'observe').ok, false);
    assert.deepEqual(nextState(consultation, 'answer'), { ok: true, state: 'answered', stamps: ['received', 'answered'] });
    assert.equal(nextState(report({ kind: 'pre_signature', state: 'answered', }), 'answer').ok, false);
    assert.equal(nextState(report(), 'answer').ok, false);
  });

  it('offers a pre-signature consultation for agreements in negotiation and a report once signed', () => {
    assert.deepEqual(kindsFor('agreement', 'negotiating'), ['pre_signature']);
    assert.deepEqual(kindsFor('agreement', 'signed'), ['agreement']);
    assert.deepEqual(kindsFor('project', null), ['project']);
    assert.deepEqual(kindsFor('award', null), []);
  });
});
