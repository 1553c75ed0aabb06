/**
 * An append-only journal of operations with group commit: every write queued in the same turn of
 * the event loop goes to disk in one write and one fsync, and each caller's promise resolves only
 * after that fsync, and only once every byte of its line was written (short writes are resumed).
 *
 * A write that fails (a full disk: ENOSPC) acknowledges nothing: the part of the batch that did
 * reach the file is cut back (ftruncate to the last whole line), and that batch and everything
 * queued behind it are rejected and undone in memory, newest first, so memory matches the disk.
 * The next write tries again: writes succeed as soon as space is back.
 * A torn last line (the process died mid-write) is ignored on load and cut off on open.
 */
import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { AppError, isNoSpace } from '../errors';

export interface JournalLine {
  /** One JSON line, without its newline. */
  line: string;
  /** The operation's number: lines a snapshot holds (n <= its number) need not be written. */
  n: number;
  /** Takes the operation back out of memory when its line did not reach the disk. */
  undo?: () => void;
}

interface Pending extends JournalLine {
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface JournalEvents {
  /** A write failed (its lines were undone and rejected); `error` is what the callers got. */
  onFault?: (error: Error) => void;
  /** The first write that succeeded after a fault. */
  onRecovered?: () => void;
}

const ignore = (): void => undefined;

/** The error callers see: a full disk is `disk_full` (507); anything else passes as it came. */
export function writeError(error: unknown): Error {
  if (isNoSpace(error)) return AppError.diskFull();
  return error instanceof Error ? error : new Error(String(error));
}

export class Journal {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private lines = 0;
  private held = false;
  /** Bytes of whole, synced lines: the file is cut back to this after a failed write. */
  private goodBytes = 0;
  /** A failed write left bytes past goodBytes that could not be cut yet. */
  private tailDirty = false;
  private faulted = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    private readonly events: JournalEvents,
  ) {}

  /**
   * Opens for appending. `validBytes` (from readJournal) is where the last whole line ends: a torn
   * tail past it is cut off now, so new lines never join a half line.
   */
  static async open(path: string, existingLines: number, validBytes?: number, events: JournalEvents = {}): Promise<Journal> {
    const handle = await open(path, 'a', 0o600);
    const journal = new Journal(handle, path, events);
    journal.lines = existingLines;
    const size = (await handle.stat()).size;
    journal.goodBytes = validBytes ?? size;
    if (size > journal.goodBytes) {
      await handle.truncate(journal.goodBytes);
      await handle.sync();
    }
    return journal;
  }

  get lineCount(): number {
    return this.lines;
  }

  /** True while the last write failed and none has succeeded since. */
  get isFaulted(): boolean {
    return this.faulted;
  }

  append(entry: JournalLine): Promise<void> {
    return new Promise((resolve, reject) => this.enqueue(entry, resolve, reject));
  }

  /** Like append, for a caller that does not wait: a failure is reported through `onFault` only. */
  appendDetached(entry: JournalLine): void {
    this.enqueue(entry, ignore, ignore);
  }

  /** Queues the line (its fields copied, one shape for every pending entry) and starts a flush. */
  private enqueue(entry: JournalLine, resolve: () => void, reject: (error: Error) => void): void {
    this.pending.push({ line: entry.line, n: entry.n, undo: entry.undo, resolve, reject });
    this.schedule();
  }

  private schedule(): void {
    if (!this.flushing && !this.held) this.flushing = new Promise((done) => setImmediate(() => this.flushLoop().then(done)));
  }

  /**
   * Stops writing until `truncateAndRelease`: appends queue up (their promises wait), so that
   * everything on disk is known to be older than a snapshot taken now.
   */
  async hold(): Promise<void> {
    this.held = true;
    while (this.flushing) await this.flushing;
  }

  /**
   * After a snapshot that holds every operation up to `snapshotSeq` reached the disk (or
   * `undefined` when none was written): empties the journal, settles the queued lines the
   * snapshot already holds, then writes the rest.
   */
  async truncateAndRelease(snapshotSeq: number | undefined): Promise<void> {
    try {
      if (snapshotSeq !== undefined) {
        await this.handle.truncate(0);
        await this.handle.sync();
        this.lines = 0;
        this.goodBytes = 0;
        this.tailDirty = false;
        const held = this.pending.filter((p) => p.n <= snapshotSeq);
        this.pending = this.pending.filter((p) => p.n > snapshotSeq);
        for (const p of held) p.resolve();
        if (held.length > 0) this.recovered();
      }
    } finally {
      this.held = false;
      this.schedule();
    }
  }

  /** Resolves when everything appended so far is on disk (or was refused). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.handle.close();
  }

  /** Writes all of `bytes`, resuming after short writes; a write that makes no progress is an error. */
  private async writeAll(bytes: Buffer): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done);
      if (bytesWritten <= 0) throw Object.assign(new Error('no bytes written (disk full?)'), { code: 'ENOSPC' });
      done += bytesWritten;
    }
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0 && !this.held) {
      const batch = this.pending;
      this.pending = [];
      const bytes = Buffer.from(batch.map((p) => p.line + '\n').join(''), 'utf8');
      try {
        if (this.tailDirty) await this.cutBack();
        await this.writeAll(bytes);
        await this.handle.datasync();
        this.goodBytes += bytes.length;
        this.lines += batch.length;
        for (const p of batch) p.resolve();
        this.recovered();
      } catch (error) {
        await this.failed(batch, error);
      }
    }
    this.flushing = null;
  }

  private async cutBack(): Promise<void> {
    await this.handle.truncate(this.goodBytes);
    await this.handle.datasync();
    this.tailDirty = false;
  }

  /**
   * Nothing of a failed batch is acknowledged: the file loses the part that was written, and the
   * batch with everything queued after it (applied in memory after it) is undone newest first.
   */
  private async failed(batch: Pending[], error: unknown): Promise<void> {
    this.tailDirty = true;
    try {
      await this.cutBack();
    } catch {
      // Cut again before the next write (tailDirty stays set).
    }
    const refused = [...batch, ...this.pending];
    this.pending = [];
    for (let i = refused.length - 1; i >= 0; i--) {
      try {
        refused[i]?.undo?.();
      } catch {
        // An undo that fails leaves memory ahead of the disk; the next snapshot writes it.
      }
    }
    const reported = writeError(error);
    for (const p of refused) p.reject(reported);
    this.faulted = true;
    this.events.onFault?.(reported);
  }

  private recovered(): void {
    if (!this.faulted) return;
    this.faulted = false;
    this.events.onRecovered?.();
  }
}

export interface JournalContents {
  entries: unknown[];
  /** A complete line that did not parse: the journal is damaged from here on. */
  damagedAt?: number;
  tornTail: boolean;
  /** Bytes up to the end of the last whole line. */
  validBytes: number;
}

export async function readJournal(path: string): Promise<JournalContents> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], tornTail: false, validBytes: 0 };
    throw error;
  }
  const validBytes = bytes.lastIndexOf(0x0a) + 1;
  const tornTail = validBytes !== bytes.length;
  const entries: unknown[] = [];
  const lines = bytes.subarray(0, validBytes).toString('utf8').split('\n');
  lines.pop();
  for (let i = 0; i < lines.length; i++) {
    try {
      entries.push(JSON.parse(lines[i] as string));
    } catch {
      return { entries, damagedAt: i + 1, tornTail, validBytes };
    }
  }
  return { entries, tornTail, validBytes };
}

export async function setAside(path: string, tag: string): Promise<string> {
  const aside = `${path}.${tag}-${Date.now()}`;
  await rename(path, aside);
  return aside;
}
