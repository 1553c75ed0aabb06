/**
 * An append-only journal of operations with group commit: every write queued in the same turn of
 * the event loop goes to disk in one write and one fsync, and each caller's promise resolves only
 * after that fsync. A torn last line (the process died mid-write) is ignored on load.
 */
import { open, readFile, rename, type FileHandle } from 'node:fs/promises';

interface Pending {
  line: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

const ignore = (): void => undefined;

export class Journal {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private lines = 0;
  private held = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
  ) {}

  static async open(path: string, existingLines: number): Promise<Journal> {
    const journal = new Journal(await open(path, 'a', 0o600), path);
    journal.lines = existingLines;
    return journal;
  }

  get lineCount(): number {
    return this.lines;
  }

  append(line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      this.schedule();
    });
  }

  /** Like append, for a caller that does not wait: `failed` hears of a write that did not reach the disk. */
  appendDetached(line: string, failed: (error: Error) => void): void {
    this.pending.push({ line, resolve: ignore, reject: failed });
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

  /** Empties the journal (a snapshot holds all it had), then writes what queued meanwhile. */
  async truncateAndRelease(truncate: boolean): Promise<void> {
    try {
      if (truncate) {
        await this.handle.truncate(0);
        await this.handle.sync();
        this.lines = 0;
      }
    } finally {
      this.held = false;
      this.schedule();
    }
  }

  /** Resolves when everything appended so far is on disk. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.handle.close();
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0 && !this.held) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.handle.write(batch.map((p) => p.line + '\n').join(''));
        await this.handle.datasync();
        this.lines += batch.length;
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error as Error);
      }
    }
    this.flushing = null;
  }
}

export interface JournalContents {
  entries: unknown[];
  /** A complete line that did not parse: the journal is damaged from here on. */
  damagedAt?: number;
  tornTail: boolean;
}

export async function readJournal(path: string): Promise<JournalContents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], tornTail: false };
    throw error;
  }
  const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  const tornTail = complete.length !== text.length;
  const entries: unknown[] = [];
  const lines = complete.split('\n');
  lines.pop();
  for (let i = 0; i < lines.length; i++) {
    try {
      entries.push(JSON.parse(lines[i] as string));
    } catch {
      return { entries, damagedAt: i + 1, tornTail };
    }
  }
  return { entries, tornTail };
}

export async function setAside(path: string, tag: string): Promise<string> {
  const aside = `${path}.${tag}-${Date.now()}`;
  await rename(path, aside);
  return aside;
}
