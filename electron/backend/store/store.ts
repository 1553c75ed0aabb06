/**
 * The local store: a snapshot (`store.json`, replaced atomically) plus a journal of operations
 * since (`journal.ndjson`, group-committed). Changes apply in memory at once, so reads see them;
 * `commit` resolves once they are on disk. On load the snapshot is validated, migrated, and the
 * journal replayed; the journal is folded into a new snapshot when it grows.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicFile';
import { Journal, readJournal, setAside } from './journal';
import { migrate } from './migrations';
import { applyOp, opSchema, type Op } from './ops';
import { SecretBoxError, type SecretBox } from './secretBox';
import { openOp, openSnapshot, sealOp, sealSnapshot } from './sealing';
import type { Device } from '../../../shared/domain/inventory';
import { emptyState, fromSnapshot, snapshotSchema, toSnapshot, type ReadState, type State, type StoredEvent } from './state';

export const SNAPSHOT_FILE = 'store.json';
export const JOURNAL_FILE = 'journal.ndjson';

export class StoreLoadError extends Error {}

export interface StoreOptions {
  /** Fold the journal into a snapshot after this many entries. */
  compactAfter?: number;
  warn?: (message: string) => void;
  /** Seals secret fields (SIP passwords, the AMI secret) on disk; without one they are stored plain. */
  secrets?: SecretBox;
}

type ResolvedOptions = Required<Omit<StoreOptions, 'secrets'>> & { secrets?: SecretBox };

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
    const opts: ResolvedOptions = { compactAfter: 20_000, warn: () => undefined, ...options };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const state = await loadSnapshot(join(dir, SNAPSHOT_FILE), opts.secrets);
    const journalPath = join(dir, JOURNAL_FILE);
    const contents = await readJournal(journalPath);
    let replayed = 0;
    for (const entry of contents.entries) {
      const parsed = journalEntry(entry, opts.secrets);
      if (!parsed) {
        contents.damagedAt = replayed + 1;
        break;
      }
      if (parsed.n <= state.opSeq) continue;
      applyOp(state, parsed.op);
      state.opSeq = parsed.n;
      replayed++;
    }
    const dirty = contents.damagedAt !== undefined || contents.tornTail;
    if (contents.damagedAt !== undefined) {
      const aside = await setAside(journalPath, 'damaged');
      opts.warn(`The journal was damaged at entry ${contents.damagedAt}; kept what came before, the rest is in ${aside}`);
    }
    const store = new Store(dir, state, await Journal.open(journalPath, contents.entries.length), opts);
    // A clean start: fold what was replayed (and drop a torn tail) into a fresh snapshot.
    if (dirty || replayed > 0) await store.compact();
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
    for (const op of ops) {
      applyOp(this.live, op);
      this.live.opSeq += 1;
      const onDisk = this.options.secrets ? sealOp(op, this.options.secrets) : op;
      writes.push(this.journal.append(JSON.stringify({ n: this.live.opSeq, op: onDisk })));
    }
    const done = Promise.all(writes).then(() => this.maybeCompact());
    return done;
  }

  /** Like commit, for writes nobody waits on (timeline events); failures are reported, not thrown. */
  record(op: Op): void {
    if (this.closed) {
      this.options.warn('could not save to the store: the store is closed');
      return;
    }
    applyOp(this.live, op);
    this.live.opSeq += 1;
    const onDisk = this.options.secrets ? sealOp(op, this.options.secrets) : op;
    // No promise per event: a flood of timeline events costs a line each, and a failure is reported once per line.
    this.journal.appendDetached(JSON.stringify({ n: this.live.opSeq, op: onDisk }), this.recordFailed);
    this.maybeCompact();
  }

  private readonly recordFailed = (error: Error): void => this.options.warn(`could not save to the store: ${error.message}`);

  /** How secrets are kept on disk, for the UI to say. */
  get secretsAtRest(): 'os' | 'file-key' | 'plain' {
    return this.options.secrets?.kind ?? 'plain';
  }

  nextEventSeq(): number {
    this.live.eventSeq += 1;
    return this.live.eventSeq;
  }

  private maybeCompact(): void {
    if (!this.compacting && this.journal.lineCount >= this.options.compactAfter) {
      void this.compact().catch((error: Error) => this.options.warn(`could not compact the store: ${error.message}`));
    }
  }

  /** Writes a snapshot of everything applied so far, then starts an empty journal. */
  async compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    this.compacting = (async () => {
      await this.journal.hold();
      let written = false;
      try {
        // Everything on disk in the journal is now in memory and goes into this snapshot.
        const plain = toSnapshot(this.live);
        const snapshot = JSON.stringify(this.options.secrets ? sealSnapshot(plain, this.options.secrets) : plain);
        await writeFileAtomic(join(this.dir, SNAPSHOT_FILE), snapshot);
        written = true;
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
    await this.journal.drain();
    await this.compact();
    this.closed = true;
    await this.journal.close();
  }
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
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
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
