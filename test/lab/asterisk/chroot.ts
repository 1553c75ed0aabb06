/**
 * The Asterisk 22 chroot the lab runs: Debian sid's asterisk packages, built once with mmdebstrap
 * into a cache outside the repo ($DP_LAB_CACHE or /var/cache/deskphone-lab). A build goes into a
 * temporary directory that is renamed into place only when mmdebstrap succeeded, so a killed build
 * never leaves a half chroot behind. A lock directory keeps two test processes from building at once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const MIRROR = process.env['DP_LAB_MIRROR'] ?? 'http://deb.debian.org/debian';
export const ASTERISK_BIN = 'usr/sbin/asterisk';
export const MODULE_DIR = '/usr/lib/x86_64-linux-gnu/asterisk/modules';

export function labCacheDir(): string {
  return process.env['DP_LAB_CACHE'] ?? '/var/cache/deskphone-lab';
}

export function chrootDir(): string {
  return join(labCacheDir(), 'asterisk-sid');
}

/** Why the lab cannot run here, or undefined when it can (root, mmdebstrap or a built chroot). */
export function labUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'the Asterisk lab needs Linux (chroot)';
  if (process.getuid?.() !== 0) return 'the Asterisk lab needs root (chroot); run the lab suite as root or in CI';
  if (existsSync(join(chrootDir(), ASTERISK_BIN))) return undefined;
  const which = spawnSync('sh', ['-c', 'command -v mmdebstrap'], { encoding: 'utf8' });
  if (which.status !== 0) return 'mmdebstrap is not installed (apt-get install mmdebstrap) and no Asterisk chroot is cached';
  return undefined;
}

function run(cmd: string, args: string[], logPrefix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${logPrefix} exited with ${code}:\n${tail}`))));
  });
}

async function takeLock(lock: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than the longest build is left over from a killed process.
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 15 * 60_000) await rmdir(lock).catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`another process holds ${lock}; waited ${timeoutMs / 1000} s`, { cause: error });
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Returns the chroot directory, building it first when it is missing. */
export async function ensureChroot(): Promise<string> {
  const dir = chrootDir();
  if (existsSync(join(dir, ASTERISK_BIN))) return dir;
  await mkdir(labCacheDir(), { recursive: true });
  const lock = `${dir}.lock`;
  await takeLock(lock, 20 * 60_000);
  try {
    if (existsSync(join(dir, ASTERISK_BIN))) return dir;
    const tmp = `${dir}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    try {
      await run(
        'mmdebstrap',
        [
          '--variant=apt',
          // The sid Release file on some mirrors is past its Valid-Until date.
          '--aptopt=Acquire::Check-Valid-Until "false"',
          '--include=asterisk,asterisk-modules',
          'sid',
          tmp,
          MIRROR,
        ],
        'mmdebstrap',
      );
      if (!existsSync(join(tmp, ASTERISK_BIN))) throw new Error(`mmdebstrap finished but ${ASTERISK_BIN} is missing`);
      await rm(dir, { recursive: true, force: true });
      await rename(tmp, dir);
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      throw error;
    }
    return dir;
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}
