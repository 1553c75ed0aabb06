/**
 * One writer per data folder. Two instances on one folder (`npm run serve` while the desktop app
 * is open: both default to the same folder) would each append to the journal and fold it into
 * their own snapshot, losing each other's writes. The first start takes `instance.lock` (made
 * whole and exclusively, naming its process); a second one refuses to start and names the first.
 * A lock whose process is gone (killed, crashed, the machine restarted) is taken over.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from './atomicFile';

export const LOCK_FILE = 'instance.lock';

export interface LockHolder {
  pid: number;
  /** How it was started, in words: "headless (npm run serve)", "desktop app". */
  startedBy: string;
  /** Its command line, cut short. */
  command: string;
  host: string;
  since: string;
  /** Linux: the process's start time (clock ticks since boot), which tells a reused PID apart. */
  procStart?: string;
}

export class DataLockedError extends Error {
  readonly code = 'EDATALOCKED';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.host === hostname() ? '' : ` on the computer ${holder.host}`;
    super(
      `The data folder ${dataDir} is in use by another Deskphone Provisioner${where}: PID ${holder.pid}, ${holder.startedBy}, since ${holder.since} (${holder.command}). ` +
        `Stop that one first, or start this one with another data folder (--data DIR). Two at once would lose each other's changes.`,
    );
  }
}

export interface DataLock {
  readonly path: string;
  release(): Promise<void>;
}

/** The start time of a running process (Linux /proc), or undefined where it cannot be read. */
function procStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the command name in parentheses (which may hold spaces).
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // The PID runs (or belongs to another user): is it still the same process?
  if (holder.procStart !== undefined) {
    const now = procStartOf(holder.pid);
    if (now !== undefined && now !== holder.procStart) return false;
  }
  return true;
}

function parseHolder(text: string): LockHolder | null {
  try {
    const raw = JSON.parse(text) as Partial<LockHolder>;
    if (typeof raw.pid !== 'number' || !Number.isInteger(raw.pid) || raw.pid <= 0) return null;
    return {
      pid: raw.pid,
      startedBy: String(raw.startedBy ?? 'unknown'),
      command: String(raw.command ?? ''),
      host: String(raw.host ?? ''),
      since: String(raw.since ?? ''),
      ...(typeof raw.procStart === 'string' ? { procStart: raw.procStart } : {}),
    };
  } catch {
    return null;
  }
}

/** A lock left by a process that is gone: moved away under a unique name, then removed if it is still that one. */
async function clearStale(path: string, stale: string): Promise<void> {
  const moved = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const text = await readFile(moved, 'utf8').catch(() => '');
  if (text === stale) {
    await unlink(moved).catch(() => undefined);
    return;
  }
  // Another start took the lock between our read and the rename: give it back.
  await rename(moved, path).catch(() => undefined);
}

export async function acquireDataLock(dataDir: string, startedBy: string): Promise<DataLock> {
  const path = join(dataDir, LOCK_FILE);
  const procStart = procStartOf(process.pid);
  const mine: LockHolder = {
    pid: process.pid,
    startedBy,
    command: process.argv
      .map((a) => (/\s/.test(a) ? JSON.stringify(a) : a))
      .join(' ')
      .slice(0, 300),
    host: hostname(),
    since: new Date().toISOString(),
    ...(procStart !== undefined ? { procStart } : {}),
  };
  const text = JSON.stringify(mine) + '\n';
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await writeFileAtomic(path, text, { mode: 0o600, exclusive: true });
      return lockHeld(path, text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const found = await readFile(path, 'utf8').catch(() => null);
    if (found === null) continue; // released meanwhile
    const holder = parseHolder(found);
    // Another computer (a shared folder): its processes cannot be checked, so its lock stands.
    if (holder && (holder.host !== hostname() || isAlive(holder))) throw new DataLockedError(dataDir, holder);
    await clearStale(path, found);
  }
  throw new Error(`Could not take the lock ${path}: it keeps changing. Is another instance starting right now?`);
}

function lockHeld(path: string, text: string): DataLock {
  let released = false;
  // A process that exits without stop() (process.exit) still lets go; a killed one leaves a stale lock, which the next start clears.
  const onExit = () => {
    if (released) return;
    try {
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // Gone already.
    }
  };
  process.once('exit', onExit);
  return {
    path,
    release: async () => {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      const now = await readFile(path, 'utf8').catch(() => null);
      if (now === text) await unlink(path).catch(() => undefined);
    },
  };
}
