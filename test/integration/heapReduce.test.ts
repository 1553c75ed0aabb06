/**
 * The idle collector gives a burst's memory back on the Node the app runs on: the old generation
 * compacted and the young generation shrunk (both rely on how this V8 decides, so they are checked
 * here against the real thing, in a process of its own).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

test('once quiet after a burst, the heap is compacted and the young generation shrinks', async () => {
  const child = join(import.meta.dirname, 'fixtures', 'heapAfterBurst.ts');
  const { stdout } = await run(process.execPath, ['--import', 'tsx', child, '20000'], { timeout: 60_000 });
  const { before, after, kept } = JSON.parse(stdout.trim().split('\n').at(-1) as string) as {
    before: { heapTotalMiB: number; youngMiB: number; oldMiB: number };
    after: { heapTotalMiB: number; youngMiB: number; oldMiB: number };
    kept: number;
  };
  assert.equal(kept, 100_000, 'what the burst kept is still there');
  assert.ok(before.youngMiB >= 16, `the burst grew the young generation (${before.youngMiB} MiB)`);
  assert.ok(after.youngMiB <= 2, `young generation after: ${after.youngMiB} MiB (before ${before.youngMiB})`);
  // A full collection without compaction leaves the old generation's pages as they were (each
  // holds a third of what it held); compacted, what is kept fits in far fewer.
  assert.ok(after.oldMiB <= before.oldMiB * 0.7, `old generation after: ${after.oldMiB} MiB (before ${before.oldMiB})`);
});
