/** Folding AMI events of one originated call into ring states, test calls, and the desk-check dialplan. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isResponse, parseBlock } from '../../../shared/ami/message';
import { causeWords, eventIsFor, foldCallEvent, INITIAL_TRACK, type CallTrack } from '../../../shared/pbx/ring';
import { foldTestCallEvent, INITIAL_TEST_CALL } from '../../../shared/pbx/testCall';
import { renderDeskCheckDialplan, spokenDigits, spokenLabel } from '../../../shared/pbx/deskCheckDialplan';

const ev = (text: string) => parseBlock(text.trim().replace(/^\s+/gm, ''));
const fold = (events: string[]): CallTrack => events.map(ev).reduce(foldCallEvent, INITIAL_TRACK);

test('ringing, then answered: Newstate 5 then 6', () => {
  const t1 = fold(['Event: Newstate\nUniqueid: c1\nChannelState: 5\nChannelStateDesc: Ringing']);
  assert.equal(t1.state, 'ringing');
  assert.equal(t1.done, false);
  const t2 = foldCallEvent(t1, ev('Event: Newstate\nUniqueid: c1\nChannelState: 6\nChannelStateDesc: Up'));
  assert.deepEqual(t2, { state: 'answered', done: true, channel: true });
});

test('busy, as Asterisk 22 reports it: OriginateResponse (reason 0) first, then the Hangup with cause 17', () => {
  const waiting = fold([
    'Event: Newchannel\nUniqueid: c1\nChannelState: 0',
    'Event: OriginateResponse\nResponse: Failure\nReason: 0\nUniqueid: c1',
  ]);
  assert.equal(waiting.done, false, 'waits for the Hangup and its cause');
  const t = foldCallEvent(waiting, ev('Event: Hangup\nUniqueid: c1\nCause: 17\nCause-txt: User busy'));
  assert.deepEqual(t, { state: 'busy', cause: 'User busy', done: true, channel: true });
  const before = fold([
    'Event: Newchannel\nUniqueid: c1\nChannelState: 0',
    'Event: Hangup\nUniqueid: c1\nCause: 17\nCause-txt: User busy',
    'Event: OriginateResponse\nResponse: Failure\nReason: 5\nUniqueid: c1',
  ]);
  assert.deepEqual(before, { state: 'busy', cause: 'User busy', done: true, channel: true });
});

test('no answer: OriginateResponse reason 3; a generic hang-up cause gives way to the reason in words', () => {
  const t = fold([
    'Event: Newstate\nUniqueid: c1\nChannelState: 5',
    'Event: Hangup\nUniqueid: c1\nCause: 16\nCause-txt: Normal Clearing',
    'Event: OriginateResponse\nResponse: Failure\nReason: 3\nUniqueid: c1',
  ]);
  assert.deepEqual(t, { state: 'no-answer', cause: 'Rang, no answer', done: true, channel: true });
});

test('a failure with no channel (not registered) is failed, with the reason in words', () => {
  const t = fold(['Event: OriginateResponse\nResponse: Failure\nReason: 0\nUniqueid: <null>']);
  assert.equal(t.state, 'failed');
  assert.equal(t.cause, 'The call could not be placed');
  const absent = fold([
    'Event: Hangup\nUniqueid: c1\nCause: 20\nCause-txt: Subscriber absent',
    'Event: OriginateResponse\nResponse: Failure\nReason: 1\nUniqueid: c1',
  ]);
  assert.deepEqual(absent, { state: 'failed', cause: 'Subscriber absent', done: true });
});

test('events after the end change nothing; events are matched by Uniqueid or by the Originate ActionID', () => {
  const done = fold(['Event: Newstate\nUniqueid: c1\nChannelState: 6']);
  assert.equal(foldCallEvent(done, ev('Event: Hangup\nUniqueid: c1\nCause: 16')), done);
  assert.equal(eventIsFor(ev('Event: OriginateResponse\nActionID: dp-7\nUniqueid: <null>'), 'c1', 'dp-7'), true);
  assert.equal(eventIsFor(ev('Event: OriginateResponse\nActionID: dp-8\nUniqueid: <null>'), 'c1', 'dp-7'), false);
  assert.equal(eventIsFor(ev('Event: Hangup\nUniqueid: c2'), 'c1', 'dp-7'), false);
  assert.equal(causeWords(18), 'No user responding');
  assert.equal(causeWords(99), 'Cause 99');
  assert.equal(causeWords(17, ' User busy '), 'User busy');
});

test('a test call is established when B answers and ends with the time both were up', () => {
  const steps: [string, number][] = [
    ['Event: Newstate\nUniqueid: a\nChannelState: 6', 1000],
    ['Event: DialBegin\nUniqueid: a\nDestUniqueid: b', 1100],
    ['Event: Newstate\nUniqueid: b\nChannelState: 6', 2000],
    ['Event: DialEnd\nUniqueid: a\nDestUniqueid: b\nDialStatus: ANSWER', 2001],
    ['Event: Hangup\nUniqueid: b\nCause: 16\nCause-txt: Normal Clearing', 7040],
  ];
  let t = INITIAL_TEST_CALL;
  const states: string[] = [];
  for (const [text, now] of steps) {
    t = foldTestCallEvent(t, ev(text), 'a', now);
    states.push(t.state);
  }
  assert.deepEqual(states, ['calling', 'calling', 'established', 'established', 'ended']);
  assert.equal(t.durationSeconds, 5);
  const busy = [
    'Event: Newstate\nUniqueid: a\nChannelState: 6',
    'Event: DialBegin\nUniqueid: a\nDestUniqueid: b',
    'Event: DialEnd\nUniqueid: a\nDestUniqueid: b\nDialStatus: BUSY',
  ].reduce((acc, text) => foldTestCallEvent(acc, ev(text), 'a', 0), INITIAL_TEST_CALL);
  assert.deepEqual([busy.state, busy.cause], ['failed', 'the called phone is busy']);
});

test('the desk-check context uses only built-in applications and core sounds; labels reach it as plain words', () => {
  const text = renderDeskCheckDialplan();
  assert.match(text, /^\[dp-desk-check\]$/m);
  assert.match(text, /SayDigits\(\$\{DP_EXTEN\}\)/);
  assert.match(text, /Playback\(extension\)/);
  assert.match(text, /Dial\(PJSIP\/\$\{DP_TARGET\}/);
  assert.equal(spokenLabel('Reception, 2nd floor; ${EVIL}'), 'Reception 2nd floor EVIL');
  assert.equal(spokenLabel('x'.repeat(40)).length, 24);
  assert.equal(spokenDigits('+44 2014'), '442014');
});

test('OriginateResponse carries a Response field but is an event, not the answer to an action', () => {
  assert.equal(isResponse(ev('Event: OriginateResponse\nActionID: dp-3\nResponse: Failure\nReason: 5')), false);
  assert.equal(isResponse(ev('Response: Success\nActionID: dp-3\nMessage: Originate successfully queued')), true);
});
