import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DIALOG_MAX_MS,
  EXIT_DEADLINE_MS,
  EXIT_MARGIN_MS,
  planRefusal,
  refuseToStart,
  type RefusalIo,
} from '../../../electron/desktop/startRefusal';

const FAILURE = { title: 'The data folder is in use', message: 'Another one uses it: PID 42.\n\nStop it first.' };

/** Electron's functions, recorded: the timer and the dialog are settled by the test. */
function recorder(dialog: Promise<unknown> | 'throws') {
  const seen = { stderr: '', exits: [] as number[], dialogs: [] as string[], timers: [] as { fn: () => void; ms: number }[] };
  const io: RefusalIo = {
    stderr: (text) => (seen.stderr += text),
    showDialog: (title, message) => {
      if (dialog === 'throws') throw new Error('no display');
      seen.dialogs.push(`${title}|${message}`);
      return dialog;
    },
    exit: (code) => seen.exits.push(code),
    setTimer: (fn, ms) => seen.timers.push({ fn, ms }),
  };
  return { io, seen };
}

test('the refusal is one stderr line with the title and the whole message, and a non-zero exit code', () => {
  const r = planRefusal(FAILURE, 800);
  assert.equal(
    r.stderrLine,
    'Deskphone Provisioner did not start: The data folder is in use. Another one uses it: PID 42. Stop it first.\n',
  );
  assert.notEqual(r.exitCode, 0);
  assert.equal(r.title, FAILURE.title);
  assert.equal(r.message, FAILURE.message);
});

test('the app exits by itself before the deadline counted from its start, however late the failure came', () => {
  assert.equal(planRefusal(FAILURE, 0).exitAfterMs, DIALOG_MAX_MS, 'an early failure: the dialog has its full time');
  assert.equal(planRefusal(FAILURE, 2500).exitAfterMs, EXIT_DEADLINE_MS - EXIT_MARGIN_MS - 2500);
  assert.equal(planRefusal(FAILURE, 4200).exitAfterMs, 0, 'past the margin: at once');
  assert.equal(planRefusal(FAILURE, 60_000).exitAfterMs, 0);
  assert.equal(planRefusal(FAILURE, -5).exitAfterMs, DIALOG_MAX_MS);
  for (const elapsed of [0, 1000, 3999, 4000, 10_000])
    assert.ok(elapsed + planRefusal(FAILURE, elapsed).exitAfterMs <= Math.max(elapsed, EXIT_DEADLINE_MS - EXIT_MARGIN_MS));
});

test('nobody answers the dialog: stderr says why at once, and the timer exits non-zero, once', () => {
  const { io, seen } = recorder(new Promise(() => undefined));
  const refusal = planRefusal(FAILURE, 1000);
  refuseToStart(refusal, io);
  assert.match(seen.stderr, /PID 42/);
  assert.deepEqual(seen.dialogs, [`${FAILURE.title}|${FAILURE.message}`]);
  assert.deepEqual(seen.exits, [], 'nothing waits on the dialog before the timer');
  assert.equal(seen.timers.length, 1);
  assert.equal(seen.timers[0]?.ms, refusal.exitAfterMs);
  seen.timers[0]?.fn();
  seen.timers[0]?.fn();
  assert.deepEqual(seen.exits, [1]);
});

test('the user closes the dialog: the app exits then, and the timer later does nothing more', async () => {
  let close: (v: unknown) => void = () => undefined;
  const { io, seen } = recorder(new Promise((r) => (close = r)));
  refuseToStart(planRefusal(FAILURE, 1000), io);
  close({ response: 0 });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen.exits, [1]);
  seen.timers[0]?.fn();
  assert.deepEqual(seen.exits, [1]);
});

test('no dialog can be shown (no display): stderr said it and the timer still exits', () => {
  const { io, seen } = recorder('throws');
  refuseToStart(planRefusal(FAILURE, 1000), io);
  assert.match(seen.stderr, /did not start/);
  seen.timers[0]?.fn();
  assert.deepEqual(seen.exits, [1]);
});
