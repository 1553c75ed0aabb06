/**
 * A small, real file system that fills up: a tmpfs the test mounts (root) and always unmounts,
 * and a file that fills it until the kernel says ENOSPC. For the full-disk tests (test/lab's
 * store, test/e2e's banner). Without root the test is skipped and says why, except under CI=true,
 * where that is a failure.
 */
import { spawnSync } from 'node:child_process';
import { openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

const isRoot = () => process.getuid?.() === 0;

/** Why a tmpfs cannot be mounted here, or undefined when it can be tried. */
export function tmpfsSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'mounting a tmpfs needs Linux';
  if (!isRoot()) return 'mounting a tmpfs needs root';
  return undefined;
}

/** Mounts a tmpfs of `sizeKb` on a fresh folder, runs `body` with it, then unmounts and removes it, whatever happened. */
export async function withTmpfs(t: TestContext, sizeKb: number, body: (dir: string) => Promise<void>): Promise<void> {
  const reason = tmpfsSkipReason();
  if (reason) {
    if (process.env['CI'] === 'true') throw new Error(`a tmpfs is required under CI=true: ${reason}`);
    t.skip(reason);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'dp-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir]);
  if (mounted.status !== 0) {
    await rm(dir, { recursive: true, force: true });
    if (process.env['CI'] === 'true') throw new Error(`mount tmpfs failed: ${mounted.stderr.toString()}`);
    t.skip(`cannot mount a tmpfs here: ${mounted.stderr.toString().trim()}`);
    return;
  }
  try {
    await body(dir);
  } finally {
    spawnSync('umount', ['-l', dir]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Fills the file system holding `path` until ENOSPC; returns the filler's descriptor. */
export function fill(path: string): number {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(4096, 0x78);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  return fd;
}
