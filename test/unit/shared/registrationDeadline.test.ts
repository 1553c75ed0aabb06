import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowState } from '../../../shared/flow/machine';
import { registrationOverdue, shownStage } from '../../../shared/flow/registrationDeadline';

const T6 = '2026-01-01T10:00:00.000Z';
const configured: FlowState = {
  stage: 'configured',
  steps: { 1: { outcome: 'ok', at: T6 }, 6: { outcome: 'ok', at: T6 } },
  served: ['account'],
} as FlowState;
const at = (s: number) => Date.parse(T6) + s * 1000;

test('within the deadline a configured phone is still configured', () => {
  assert.equal(shownStage(configured, false, 120, at(60)), 'configured');
  assert.equal(registrationOverdue(configured, 120, at(119)), false);
});

test('past the deadline: "not checked" without a PBX link, "not registered" with one', () => {
  assert.equal(shownStage(configured, false, 120, at(121)), 'not_checked');
  assert.equal(shownStage(configured, true, 120, at(121)), 'not_registered');
});

test('registered, failed, or not yet served phones keep their stage', () => {
  const registered = {
    ...configured,
    stage: 'registered',
    steps: { ...configured.steps, 7: { outcome: 'ok', at: new Date(at(5)).toISOString() } },
  } as FlowState;
  assert.equal(shownStage(registered, false, 120, at(500)), 'registered');
  assert.equal(shownStage({ ...configured, stage: 'failed' } as FlowState, false, 120, at(500)), 'failed');
  assert.equal(shownStage({ stage: 'waiting', steps: {}, served: [] } as FlowState, false, 120, at(500)), 'waiting');
});
