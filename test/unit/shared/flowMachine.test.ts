import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldTimeline, stepStrip } from '../../../shared/flow/machine';
import type { StepEvent } from '../../../shared/flow/steps';

let seq = 0;
function ev(step: StepEvent['step'], outcome: StepEvent['outcome'] = 'ok', extra: Partial<StepEvent> = {}): StepEvent {
  seq += 1;
  return {
    seq,
    mac: '805ec0112233',
    step,
    outcome,
    at: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
    ip: '10.0.0.5',
    userAgent: 'ua',
    ...extra,
  };
}

test('a phone walking steps 1 to 6 ends configured, with every step done', () => {
  const state = foldTimeline([
    ev(1),
    ev(2),
    ev(3),
    ev(4, 'ok', { provides: ['boot'] }),
    ev(5, 'ok', { file: 'ACC.cfg' }),
    ev(6, 'ok', { provides: ['account'] }),
    ev(5, 'ok', { file: 'BTN.cfg' }),
    ev(6, 'ok', { provides: ['buttons'] }),
  ]);
  assert.equal(state.stage, 'configured');
  assert.deepEqual(stepStrip(state), { 1: 'done', 2: 'done', 3: 'done', 4: 'done', 5: 'done', 6: 'done', 7: 'todo' });
});

test('one event per exchange: a served BootFile marks its request (step 3), a served file its request (step 5)', () => {
  const merged = foldTimeline([
    ev(1),
    ev(2),
    ev(4, 'ok', { file: 'x.boot', provides: ['boot'] }),
    ev(6, 'ok', { file: 'ACC.cfg', provides: ['account'] }),
  ]);
  assert.equal(merged.stage, 'config_requested', 'one file of the set served: progress at step 5');
  assert.deepEqual(stepStrip(merged), { 1: 'done', 2: 'done', 3: 'done', 4: 'done', 5: 'done', 6: 'todo', 7: 'todo' });
  assert.equal(merged.steps[3]?.at, merged.steps[4]?.at, 'the request is marked when it was answered');
  const done = foldTimeline([ev(1), ev(2), ev(4, 'ok', { provides: ['boot'] }), ev(6, 'ok', { provides: ['account', 'buttons'] })]);
  assert.equal(done.stage, 'configured');
  assert.deepEqual(stepStrip(done), { 1: 'done', 2: 'done', 3: 'done', 4: 'done', 5: 'done', 6: 'done', 7: 'todo' });
  // Timelines stored before, with each request an event of its own, fold to the same marks.
  const older = foldTimeline([
    ev(1),
    ev(2),
    ev(3),
    ev(4, 'ok', { provides: ['boot'] }),
    ev(5),
    ev(6, 'ok', { provides: ['account', 'buttons'] }),
  ]);
  assert.deepEqual(stepStrip(older), stepStrip(done));
  assert.equal(older.stage, done.stage);
});

test('a BootFile served starts a new cycle, as its request did: earlier marks go, registration stays', () => {
  const state = foldTimeline([
    ev(1),
    ev(2),
    ev(4, 'ok', { provides: ['boot'] }),
    ev(6, 'ok', { provides: ['account', 'buttons'] }),
    ev(7),
    ev(4, 'ok', { provides: ['boot'] }),
  ]);
  assert.deepEqual(stepStrip(state), { 1: 'done', 2: 'done', 3: 'done', 4: 'done', 5: 'todo', 6: 'todo', 7: 'done' });
  assert.deepEqual(state.served, []);
  assert.equal(state.stage, 'registered');
  // A failed BootFile answer is not a new cycle: the failure stands against this one.
  const failed = foldTimeline([ev(1), ev(2), ev(4, 'ok'), ev(4, 'failed', { reason: 'broken' })]);
  assert.equal(failed.stage, 'failed');
  assert.equal(failed.steps[1]?.outcome, 'ok');
});

test('one exchange per event: a file refused at step 5 is not hidden by another file served', () => {
  const boot = [ev(1), ev(2), ev(4, 'ok', { provides: ['boot'] })];
  const state = foldTimeline([
    ...boot,
    ev(5, 'failed', { file: 'ACC.cfg', reason: 'Refused ACC.cfg: this phone is locked' }),
    ev(6, 'ok', { file: 'BTN.cfg', provides: ['buttons'] }),
  ]);
  assert.equal(state.stage, 'failed');
  assert.equal(stepStrip(state)[5], 'failed');
  const retried = foldTimeline([
    ...boot,
    ev(5, 'failed', { file: 'ACC.cfg', reason: 'locked' }),
    ev(6, 'ok', { file: 'BTN.cfg', provides: ['buttons'] }),
    ev(6, 'ok', { file: 'ACC.cfg', provides: ['account'] }),
  ]);
  assert.equal(retried.stage, 'configured');
  assert.equal(retried.failure, undefined);
  assert.equal(stepStrip(retried)[5], 'done');
});

test('step 6 is not complete until both accounts and buttons were served', () => {
  const state = foldTimeline([ev(1), ev(2), ev(3), ev(4), ev(5), ev(6, 'ok', { provides: ['account'] })]);
  assert.equal(state.stage, 'config_requested');
  assert.equal(state.steps[6], undefined);
});

test('a failure shows its step and reason, and a later success clears it', () => {
  const failed = foldTimeline([ev(1), ev(2, 'failed', { reason: 'Not assigned yet' })]);
  assert.equal(failed.stage, 'failed');
  assert.deepEqual(failed.failure && { step: failed.failure.step, reason: failed.failure.reason }, { step: 2, reason: 'Not assigned yet' });
  const recovered = foldTimeline([ev(1), ev(2, 'failed', { reason: 'x' }), ev(1), ev(2)]);
  assert.equal(recovered.stage, 'redirected');
  assert.equal(recovered.failure, undefined);
});

test("one file refused at step 5 is not hidden by another file's success at that step", () => {
  const boot = [ev(1), ev(2), ev(3), ev(4, 'ok', { provides: ['boot'] })];
  // A locked phone: ACC.cfg requested and refused, BTN.cfg (no secrets) served after it.
  const state = foldTimeline([
    ...boot,
    ev(5, 'ok', { file: 'ACC.cfg' }),
    ev(5, 'failed', { file: 'ACC.cfg', reason: 'Refused ACC.cfg: this phone is locked' }),
    ev(5, 'ok', { file: 'BTN.cfg' }),
    ev(6, 'ok', { file: 'BTN.cfg', provides: ['buttons'] }),
  ]);
  assert.equal(state.stage, 'failed');
  assert.equal(stepStrip(state)[5], 'failed');
  assert.deepEqual(state.failure && [state.failure.step, state.failure.file], [5, 'ACC.cfg']);
  // The same file asked again and served (the phone was re-opened) clears it.
  const retried = foldTimeline([
    ...boot,
    ev(5, 'failed', { file: 'ACC.cfg', reason: 'locked' }),
    ev(5, 'ok', { file: 'BTN.cfg' }),
    ev(6, 'ok', { file: 'BTN.cfg', provides: ['buttons'] }),
    ev(5, 'ok', { file: 'ACC.cfg' }),
    ev(6, 'ok', { file: 'ACC.cfg', provides: ['account'] }),
  ]);
  assert.equal(retried.stage, 'configured');
  assert.equal(retried.failure, undefined);
});

test('a reboot (new step 1) starts a new cycle but keeps registration', () => {
  const state = foldTimeline([ev(1), ev(2), ev(3), ev(4), ev(5), ev(6, 'ok', { provides: ['account', 'buttons'] }), ev(7), ev(1)]);
  assert.equal(state.steps[3], undefined);
  assert.equal(state.steps[7]?.outcome, 'ok');
  assert.equal(state.stage, 'registered');
});

test('a phone sent straight to its BootFile (DHCP option 66) skips steps 1 and 2', () => {
  const state = foldTimeline([ev(3), ev(4), ev(5), ev(6, 'ok', { provides: ['account', 'buttons'] })]);
  assert.equal(state.stage, 'configured');
  assert.equal(state.steps[1], undefined);
});

test('info events do not move the stage', () => {
  const state = foldTimeline([ev(1), ev(2), ev(7, 'info', { reason: 'contact updated' })]);
  assert.equal(state.stage, 'redirected');
});

test('a firmware download marks the phone upgrading, across its reboot, until the new version or a broken download', () => {
  const download = ev(6, 'info', { detail: { firmware: 'download', to: '108.86.0.90' } });
  const rebooting = foldTimeline([ev(1), ev(2), ev(3), download, ev(1), ev(2)]);
  assert.equal(rebooting.upgradingTo, '108.86.0.90', 'kept across the new boot cycle');
  const done = foldTimeline([ev(1), download, ev(1, 'ok', { detail: { firmware: 'changed', from: '108.86.0.20', to: '108.86.0.90' } })]);
  assert.equal(done.upgradingTo, undefined);
  const broken = foldTimeline([download, ev(6, 'info', { detail: { firmware: 'interrupted', to: '108.86.0.90' } })]);
  assert.equal(broken.upgradingTo, undefined);
  assert.equal(foldTimeline([ev(1), ev(2)]).upgradingTo, undefined);
});
