/** An uncaught exception or rejection is logged, shown to the UI as a fault, and the app goes on serving. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { childOutput } from '../support/childOutput';

test('the last-resort handlers log the fault, publish it, and the backend keeps serving', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'support', 'lastResortChild.ts')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = await childOutput(child);
  assert.equal(out.code, 0, out.out);
  const lines = out.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const logged = lines.filter((l) => l['msg'] === 'uncaught fault, the app goes on');
  assert.deepEqual(logged.map((l) => l['origin']).sort(), ['uncaughtException', 'unhandledRejection']);
  const faults = lines.filter((l) => l['event'] === 'fault');
  assert.ok(faults.some((f) => f['kind'] === 'internal' && /RangeError: thrown where nobody catches it/.test(String(f['message']))));
  assert.ok(faults.some((f) => /a rejection nobody handles/.test(String(f['message']))));
  assert.deepEqual(
    lines.find((l) => l['event'] === 'still-serving'),
    { event: 'still-serving', status: 200 },
  );
});
