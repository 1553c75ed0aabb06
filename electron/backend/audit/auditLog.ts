/**
 * The audit log: the newest entries in memory (bounded), and every entry appended as one JSON
 * line to `audit/audit.ndjson` in the data dir, rotated by size (`audit.1.ndjson` … kept). Writes
 * are batched on a short timer so a phone fetching its files pays a push onto an array, not a
 * disk write; `close()` writes what is pending.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { isoAt } from '../clock';
import { auditEntrySchema, matchesAudit, sameAuditRequest, type AuditEntry, type AuditQuery } from '../../../shared/security/audit';

export interface AuditLogOptions {
  /** Directory for the files; none keeps the log in memory only. */
  dir?: string;
  memoryLimit?: number;
  rotateBytes?: number;
  keepFiles?: number;
  flushMs?: number;
  warn?: (message: string) => void;
}

/** Entries kept for another try while the disk refuses them (a full disk); older ones beyond are dropped, counted. */
const RETRY_LIMIT = 20_000;

/**
 * Appends `text` whole or not at all: short writes are resumed, and a write that fails (a full
 * disk) is cut back to where the file ended, so no half line stays. A torn last line left by a
 * crash is ended first, so new lines never join it.
 */
export function appendWhole(path: string, text: string): void {
  const fd = openSync(path, 'a', 0o600);
  try {
    const size = fstatSync(fd).size;
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    const bytes = Buffer.from(prefix + text, 'utf8');
    let done = 0;
    try {
      while (done < bytes.length) {
        const n = writeSync(fd, bytes, done, bytes.length - done);
        if (n <= 0) throw Object.assign(new Error('no bytes written (disk full?)'), { code: 'ENOSPC' });
        done += n;
      }
    } catch (error) {
      try {
        ftruncateSync(fd, size);
      } catch {
        // The torn tail is skipped on reading and ended before the next append.
      }
      throw error;
    }
  } finally {
    closeSync(fd);
  }
}

export class AuditLog {
  private readonly ring: AuditEntry[] = [];
  private head = 0;
  private pending: AuditEntry[] = [];
  /** The newest entry, still open to fold identical requests into. */
  private last: AuditEntry | undefined;
  private lastMs = 0;
  private fileBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly limit: number;
  private readonly rotateBytes: number;
  private readonly keepFiles: number;
  private readonly flushMs: number;
  private closed = false;
  /** Requests logged since start (folded repeats included), for figures. */
  written = 0;
  /** Entries dropped because the disk refused them for too long. */
  dropped = 0;
  /** Hears of a write that failed (the entries are kept and tried again on the next write). */
  onFault: ((error: Error) => void) | undefined;
  private faulted = false;

  constructor(private readonly options: AuditLogOptions = {}) {
    this.limit = options.memoryLimit ?? 10_000;
    this.rotateBytes = options.rotateBytes ?? 4 * 1024 * 1024;
    this.keepFiles = options.keepFiles ?? 4;
    this.flushMs = options.flushMs ?? 250;
    if (options.dir) {
      mkdirSync(options.dir, { recursive: true, mode: 0o700 });
      this.loadTail();
    }
  }

  private file(n = 0): string {
    return join(this.options.dir as string, n === 0 ? 'audit.ndjson' : `audit.${n}.ndjson`);
  }

  /** The newest entries of the current file come back into memory after a restart. */
  private loadTail(): void {
    const path = this.file();
    if (!existsSync(path)) return;
    try {
      const text = readFileSync(path, 'utf8');
      this.fileBytes = Buffer.byteLength(text);
      const lines = text.split('\n').filter(Boolean).slice(-this.limit);
      for (const line of lines) {
        try {
          const parsed = auditEntrySchema.safeParse(JSON.parse(line));
          if (parsed.success) this.push(parsed.data);
        } catch {
          // A line cut short by a crash: skipped.
        }
      }
    } catch (error) {
      this.options.warn?.(`audit log could not be read back: ${(error as Error).message}`);
    }
  }

  private push(entry: AuditEntry): void {
    if (this.ring.length < this.limit) this.ring.push(entry);
    else {
      this.ring[this.head] = entry;
      this.head = (this.head + 1) % this.limit;
    }
  }

  /**
   * Adds an entry. The same request repeated by the same client before the next write to disk
   * (a quarter of a second) is folded into the entry before it (`repeats`, `lastAt`): counted,
   * not lost, and a client hammering a file cannot flood the disk.
   */
  add(entry: Omit<AuditEntry, 'at'>, now = Date.now()): void {
    this.written++;
    const last = this.last;
    if (last && sameAuditRequest(last, entry as AuditEntry)) {
      last.repeats = (last.repeats ?? 1) + 1;
      this.lastMs = now;
      return;
    }
    this.closeLast();
    const full = { at: isoAt(now), ...entry } as AuditEntry;
    this.push(full);
    this.last = full;
    this.lastMs = now;
    if (!this.options.dir || this.closed) return;
    this.pending.push(full);
    if (this.pending.length > 2000) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs).unref();
  }

  /** The open entry gets its last time; later requests start a new entry. */
  private closeLast(): void {
    const last = this.last;
    if (last?.repeats !== undefined) last.lastAt = new Date(this.lastMs).toISOString();
    this.last = undefined;
  }

  /** Writes pending lines now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.closeLast();
    if (this.pending.length === 0 || !this.options.dir) return;
    const entries = this.pending;
    this.pending = [];
    let saved = 0;
    try {
      let chunk = '';
      let inChunk = 0;
      for (const e of entries) {
        const line = JSON.stringify(e) + '\n';
        if (this.fileBytes + chunk.length + line.length > this.rotateBytes && this.fileBytes + chunk.length > 0) {
          if (chunk) this.append(chunk);
          saved += inChunk;
          chunk = '';
          inChunk = 0;
          this.rotate();
        }
        chunk += line;
        inChunk++;
      }
      if (chunk) this.append(chunk);
      saved += inChunk;
      this.faulted = false;
    } catch (error) {
      // Nothing half-written stays (appendWhole); what was not saved waits for the next write.
      const unsaved = entries.slice(saved);
      this.pending = unsaved.concat(this.pending);
      if (this.pending.length > RETRY_LIMIT) this.dropped += this.pending.splice(0, this.pending.length - RETRY_LIMIT).length;
      this.timer ??= setTimeout(() => this.flush(), Math.max(this.flushMs, 2000)).unref();
      if (!this.faulted) {
        this.faulted = true;
        this.options.warn?.(`audit log could not be written: ${(error as Error).message}`);
        this.onFault?.(error as Error);
      }
    }
  }

  private append(chunk: string): void {
    appendWhole(this.file(), chunk);
    this.fileBytes += Buffer.byteLength(chunk);
  }

  private rotate(): void {
    rmSync(this.file(this.keepFiles), { force: true });
    for (let n = this.keepFiles - 1; n >= 0; n--) {
      if (existsSync(this.file(n))) renameSync(this.file(n), this.file(n + 1));
    }
    this.fileBytes = 0;
  }

  /** Newest first, filtered. */
  list(query: AuditQuery): AuditEntry[] {
    const out: AuditEntry[] = [];
    const n = this.ring.length;
    for (let i = 0; i < n && out.length < query.limit; i++) {
      const entry = this.ring[(this.head - 1 - i + 2 * n) % n] as AuditEntry;
      if (matchesAudit(entry, query)) out.push(entry);
    }
    return out;
  }

  /** Everything still on disk (oldest first), filtered; the memory copy when there are no files. */
  all(query: Omit<AuditQuery, 'limit'>, max = 200_000): AuditEntry[] {
    if (!this.options.dir) return this.list({ ...query, limit: max }).reverse();
    this.flush();
    const out: AuditEntry[] = [];
    for (let n = this.keepFiles; n >= 0; n--) {
      const path = this.file(n);
      if (!existsSync(path)) continue;
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const parsed = auditEntrySchema.safeParse(JSON.parse(line));
          if (parsed.success && matchesAudit(parsed.data, query)) out.push(parsed.data);
        } catch {
          // skipped
        }
      }
    }
    return out.slice(-max);
  }

  /** Size of the files on disk, in bytes. */
  diskBytes(): number {
    if (!this.options.dir) return 0;
    let total = 0;
    for (let n = 0; n <= this.keepFiles; n++) if (existsSync(this.file(n))) total += statSync(this.file(n)).size;
    return total;
  }

  close(): void {
    this.flush();
    this.closed = true;
  }
}
