/** Scratch folders for a test or bench run, removed when the process ends however it ends (DP_BENCH_KEEP=1 keeps a bench's). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
process.once('exit', () => {
  // DP_BENCH_KEEP=1 keeps them (a profile's source map lives in the bundle's folder).
  if (process.env['DP_BENCH_KEEP'] === '1') return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new folder under the system's temp folder, gone when the process exits. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
