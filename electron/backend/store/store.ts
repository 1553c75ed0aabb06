/**
 * The local store: a snapshot (`store.json`, replaced atomically) plus a journal of operations
 * since (`journal.ndjson`, group-committed). Changes apply in memory at once, so reads see them;
 * `commit` resolves once they are on disk. On load the snapshot is validated, migrated, and the
 * journal replayed; the journal is folded into a new snapshot when it grows.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { isNoSpace } from '../errors';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicFile';
import { Journal, readJournal, setAside, writeError } from './journal';
import { migrate } from './migrations';
import { applyOp, opSchema, undoOf, type Op } from './ops';
import { SecretBoxError, type SecretBox } from './secretBox';
import { openOp, openSnapshot, sealOp, sealSnapshot } from './sealing';
import { decodeSnapshot, encodeSnapshot, SnapshotDecodeError } from './snapshotFile';
import type { Device } from '../../../shared/domain/inventory';
import { emptyState, fromSnapshot, snapshotSchema, toSnapshot, type ReadState, type State, type StoredEvent } from './state';

export const SNAPSHOT_FILE = 'store.json';
export const JOURNAL_FILE = 'journal.ndjson';

export class StoreLoadError extends Error {}

export interface StoreOptions {
  /** Fold the journal into a snapshot after this many entries. */
  compactAfter?: number;
  /**
   * The fold waits until no write came for this long, so a burst of phones is not slowed by
   * encoding the whole state in the middle of it; past four times `compactAfter` it folds anyway.
   */
  compactWhenQuietMs?: number;
  warn?: (message: string) => void;
  /** Seals secret fields (SIP passwords, the AMI secret) on disk; without one they are stored plain. */
  secrets?: SecretBox;
  /** A write did not reach the disk (a full disk is an AppError `disk_full`); nothing of it was kept. */
  onFault?: (error: Error) => void;
  /** Writes reach the disk again after a fault. */
  onRecovered?: () => void;
}

type ResolvedOptions = Required<Omit<StoreOptions, 'secrets' | 'onFault' | 'onRecovered'>> &
  Pick<StoreOptions, 'secrets' | 'onFault' | 'onRecovered'>;

export class Store {
  private compacting: Promise<void> | null = null;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly live: State,
    private journal: Journal,
    private readonly options: ResolvedOptions,
  ) {}

  static async open(dir: string, options: StoreOptions = {}): Promise<Store> {
    const opts: ResolvedOptions = { compactAfter: 20_000, compactWhenQuietMs: 1000, warn: () => undefined, ...options };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const state = await loadSnapshot(join(dir, SNAPSHOT_FILE), opts.secrets);
    const journalPath = join(dir, JOURNAL_FILE);
    const contents = await readJournal(journalPath);
    let replayed = 0;
    for (const [i, entry] of contents.entries.entries()) {
      const parsed = journalEntry(entry, opts.secrets);
      if (!parsed) {
        contents.damagedAt = i + 1;
        break;
      }
      if (parsed.n <= state.opSeq) continue;
      applyOp(state, parsed.op);
      state.opSeq = parsed.n;
      replayed++;
    }
    const events = {
      onFault: (error: Error) => opts.onFault?.(error),
      onRecovered: () => opts.onRecovered?.(),
    };
    if (contents.damagedAt !== undefined) {
      // What came before the damage goes into a snapshot first: only then is the journal set
      // aside, so a failure here (a full disk) leaves everything where it was.
      try {
        await writeSnapshot(dir, state, opts.secrets);
      } catch (error) {
        throw new StoreLoadError(
          `The journal ${journalPath} is damaged at entry ${contents.damagedAt}, and what came before it could not be saved (${writeError(error).message}). Nothing was changed; free some space and start again.`,
        );
      }
      const aside = await setAside(journalPath, 'damaged');
      opts.warn(`The journal was damaged at entry ${contents.damagedAt}; kept what came before, the rest is in ${aside}`);
      return new Store(dir, state, await Journal.open(journalPath, 0, 0, events), opts);
    }
    // A torn tail (a crash mid-write) is cut off as the journal opens.
    const store = new Store(dir, state, await Journal.open(journalPath, contents.entries.length, contents.validBytes, events), opts);
    // A clean start: fold what was replayed into a fresh snapshot. On a full disk it waits: the journal still holds it all.
    if (replayed > 0) {
      await store.compact().catch((error: unknown) => {
        if (!isNoSpace(error)) throw error;
        opts.warn(`could not fold the journal into a snapshot: ${writeError(error).message}`);
      });
    }
    return store;
  }

  /** The current state. Read-only to callers (the types say so): change it only through the store's methods. */
  get state(): ReadState {
    return this.live;
  }

  /**
   * The hot path of a device seen again with nothing new but the time: the newer form replaces the
   * stored one in memory only; it reaches disk with the next journalled change or snapshot.
   */
  touchDevice(device: Device): void {
    this.live.devices.set(device.mac, device);
  }

  /**
   * The hot path of a phone repeating itself: events of its timeline replaced by their folded form
   * (repeat counts), and the timeline cut back to `keep` events, in memory only. The journal keeps
   * every event; the folded form reaches disk with the next snapshot, so a crash can only undo a fold.
   */
  foldTimeline(mac: string, replaced: ReadonlyMap<number, StoredEvent>, keep?: number): void {
    const list = this.live.timelines.get(mac);
    if (!list) return;
    for (const [index, event] of replaced) if (index < list.length) list[index] = event;
    if (keep !== undefined && keep < list.length) list.length = keep;
  }

  /** Applies the operations now and resolves when they are durable. */
  commit(ops: readonly Op[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const writes: Promise<void>[] = [];
    for (const op of ops) writes.push(this.journal.append(this.apply(op)));
    const done = Promise.all(writes).then(() => this.maybeCompact());
    return done;
  }

  /** Like commit, for writes nobody waits on (timeline events); failures are reported, not thrown. */
  record(op: Op): void {
    if (this.closed) {
      this.options.warn('could not save to the store: the store is closed');
      return;
    }
    // No promise per event: a flood of timeline events costs a line each; a failure is reported once, as a fault.
    this.journal.appendDetached(this.apply(op));
    this.maybeCompact();
  }

  /** Applies one operation in memory and makes its journal line, with what undoes it if the line does not reach the disk. */
  private apply(op: Op) {
    const undoOp = undoOf(this.live, op);
    applyOp(this.live, op);
    const n = ++this.live.opSeq;
    const onDisk = this.options.secrets ? sealOp(op, this.options.secrets) : op;
    const undo = () => {
      undoOp();
      this.live.opSeq = n - 1;
    };
    return { line: JSON.stringify({ n, op: onDisk }), n, undo };
  }

  /** True while writes fail (a full disk) and none has succeeded since. */
  get writeFaulted(): boolean {
    return this.journal.isFaulted;
  }

  /** How secrets are kept on disk, for the UI to say. */
  get secretsAtRest(): 'os' | 'file-key' | 'plain' {
    return this.options.secrets?.kind ?? 'plain';
  }

  /** Distinct repeated texts kept once; emptied when it grows past this many. */
  private static readonly INTERN_LIMIT = 20_000;
  private readonly strings = new Map<string, string>();

  /**
   * One copy of a text that many records repeat (a model's User-Agent on every event of every
   * phone, a phone's address on each of its events): each request parses its own copy, and 5000
   * phones' timelines held 20,000 copies of a handful of User-Agents.
   */
  intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    if (this.strings.size >= Store.INTERN_LIMIT) this.strings.clear();
    this.strings.set(text, text);
    return text;
  }

  nextEventSeq(): number {
    this.live.eventSeq += 1;
    return this.live.eventSeq;
  }

  /** After a compaction failed (a full disk), the next is not tried before this time. */
  private compactNotBefore = 0;

  /** When the last write came, and the timer that looks again once writes have paused. */
  private lastWriteAt = 0;
  private quietTimer: NodeJS.Timeout | undefined;

  /** After each write: fold the journal when it is long enough and writes have paused (or it is very long). */
  private maybeCompact(): void {
    const now = Date.now();
    const busy = now - this.lastWriteAt < this.options.compactWhenQuietMs;
    this.lastWriteAt = now;
    this.compactIfDue(busy);
  }

  private compactIfDue(busy: boolean): void {
    const lines = this.journal.lineCount;
    if (this.compacting || this.closed || lines < this.options.compactAfter || Date.now() < this.compactNotBefore) return;
    if (busy && lines < 4 * this.options.compactAfter) return this.lookAgainWhenQuiet();
    void this.compact().catch((error: Error) => {
      this.compactNotBefore = Date.now() + 10_000;
      this.options.warn(`could not compact the store: ${writeError(error).message}`);
      if (isNoSpace(error)) this.options.onFault?.(writeError(error));
    });
  }

  private lookAgainWhenQuiet(): void {
    if (this.quietTimer) return;
    const quietMs = this.options.compactWhenQuietMs;
    this.quietTimer = setTimeout(() => {
      this.quietTimer = undefined;
      this.compactIfDue(Date.now() - this.lastWriteAt < quietMs);
    }, quietMs);
    this.quietTimer.unref?.();
  }

  /** Writes a snapshot of everything applied so far, then starts an empty journal. */
  async compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    this.compacting = (async () => {
      await this.journal.hold();
      let written: number | undefined;
      try {
        // Everything on disk in the journal is now in memory and goes into this snapshot, with
        // what is queued behind the hold (those lines are settled by the snapshot, not written).
        const seq = this.live.opSeq;
        await writeSnapshot(this.dir, this.live, this.options.secrets);
        written = seq;
      } finally {
        // Entries the snapshot holds are also skipped on replay by their number: a crash anywhere here is safe.
        await this.journal.truncateAndRelease(written);
      }
    })().finally(() => {
      this.compacting = null;
    });
    return this.compacting;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.quietTimer);
    await this.journal.drain();
    // On a full disk the journal still holds everything acknowledged: the next start folds it in.
    await this.compact().catch((error: unknown) => {
      if (!isNoSpace(error)) throw error;
      this.options.warn(`could not fold the journal into a snapshot: ${writeError(error).message}`);
    });
    this.closed = true;
    await this.journal.close();
  }
}

/** The whole state as the snapshot file, replaced atomically (a failed write leaves the old one). */
async function writeSnapshot(dir: string, state: State, secrets: SecretBox | undefined): Promise<void> {
  const plain = toSnapshot(state);
  // Encoded one record at a time into gzip (snapshotFile.ts): no whole-state string or buffer.
  await writeFileAtomic(join(dir, SNAPSHOT_FILE), await encodeSnapshot(secrets ? sealSnapshot(plain, secrets) : plain));
}

function journalEntry(entry: unknown, secrets: SecretBox | undefined): { n: number; op: Op } | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const { n, op } = entry as { n?: unknown; op?: unknown };
  if (typeof n !== 'number') return null;
  const parsed = opSchema.safeParse(op);
  if (!parsed.success) return null;
  return { n, op: secrets ? openOp(parsed.data, secrets) : parsed.data };
}

async function loadSnapshot(path: string, secrets: SecretBox | undefined): Promise<State> {
  let text: string;
  try {
    text = await decodeSnapshot(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    if (error instanceof SnapshotDecodeError)
      throw new StoreLoadError(
        `${path}: ${error.message}. It was left untouched; restore it from a backup or move it away to start empty.`,
      );
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StoreLoadError(`${path} is not valid JSON. It was left untouched; restore it from a backup or move it away to start empty.`);
  }
  const parsed = snapshotSchema.safeParse(migrate(raw));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new StoreLoadError(
      `${path} does not match the expected layout (${first?.path.join('.')}: ${first?.message}). It was left untouched.`,
    );
  }
  try {
    return fromSnapshot(secrets ? openSnapshot(parsed.data, secrets) : parsed.data);
  } catch (error) {
    if (error instanceof SecretBoxError) throw new StoreLoadError(`${path}: ${error.message}. It was left untouched.`);
    throw error;
  }
}
