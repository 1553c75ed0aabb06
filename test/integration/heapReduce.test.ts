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
  const line = stdout.trim().split('\n').at(-1) as string;
  type Figures = { heapTotalMiB: number; youngMiB: number; oldMiB: number; oldUsedMiB: number };
  const { before, after, kept } = JSON.parse(line) as { before: Figures; after: Figures; kept: number };
  assert.equal(kept, 100_000, 'what the burst kept is still there');
  assert.ok(before.youngMiB >= 16, `the burst grew the young generation: ${line}`);
  assert.ok(after.youngMiB <= 2, `the young generation shrank: ${line}`);
  // A full collection without compaction frees the garbage but leaves the old generation's pages
  // as they were, each a third full (measured: 46-53 MiB of pages for 22.5 MiB of objects);
  // compacted, the objects kept fill the pages they are in (23.2-23.5 MiB for 22.3-22.4).
  assert.ok(after.oldMiB <= after.oldUsedMiB * 1.25, `the old generation's pages are full: ${line}`);
  assert.ok(after.oldMiB <= before.oldMiB * 0.7, `the old generation is smaller: ${line}`);
});
