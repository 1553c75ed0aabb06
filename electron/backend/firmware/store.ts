/**
 * The firmware library on disk, in the data folder:
 *
 *   firmware/library.json   the records and the targets (replaced atomically)
 *   firmware/files/<id>     each file's bytes exactly as they came
 *   firmware/tmp/           uploads in progress; emptied at start (an interrupted one leaves nothing)
 *   firmware/trash/<id>     removed files, kept while their removal can be undone; emptied at start
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  FIRMWARE_MAX_BYTES,
  firmwareEntrySchema,
  firmwareTargetSchema,
  type FirmwareEntry,
  type FirmwareTarget,
} from '../../../shared/firmware/library';
import { firmwareKey } from '../../../shared/firmware/url';
import { AppError } from '../errors';
import { fsyncDir, writeFileAtomic } from '../store/atomicFile';

const indexSchema = z.object({
  entries: z.array(firmwareEntrySchema).default([]),
  targets: z.array(firmwareTargetSchema).default([]),
});

/** A file received completely into the temporary folder, not yet in the library. */
export interface Received {
  tmpPath: string;
  size: number;
  sha256: string;
}

export class FirmwareStore {
  readonly entries = new Map<string, FirmwareEntry>();
  /** SHA-256 prefix (the URL key) -> id. */
  readonly byKey = new Map<string, string>();
  targets: FirmwareTarget[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly dir: string) {}

  static async open(dataDir: string, warn?: (message: string) => void): Promise<FirmwareStore> {
    const store = new FirmwareStore(join(dataDir, 'firmware'));
    await mkdir(store.dir, { recursive: true, mode: 0o700 });
    // Leftovers of interrupted uploads and of removals that can no longer be undone.
    await rm(join(store.dir, 'tmp'), { recursive: true, force: true });
    await rm(join(store.dir, 'trash'), { recursive: true, force: true });
    for (const sub of ['files', 'tmp', 'trash']) await mkdir(join(store.dir, sub), { recursive: true, mode: 0o700 });
    let text: string | undefined;
    try {
      text = await readFile(store.indexPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      let parsed: z.infer<typeof indexSchema>;
      try {
        parsed = indexSchema.parse(JSON.parse(text));
      } catch (error) {
        // A damaged index is set aside, never overwritten: the files stay, the app starts.
        const aside = `${store.indexPath}.damaged-${Date.now()}`;
        await rename(store.indexPath, aside);
        warn?.(
          `The firmware library's index was damaged (${(error as Error).message.slice(0, 200)}); it was kept as ${aside} and the library starts empty.`,
        );
        return store;
      }
      for (const e of parsed.entries) {
        // A record whose file went missing is dropped rather than served as a 404 forever.
        const size = await stat(store.filePath(e.id)).then(
          (s) => s.size,
          () => -1,
        );
        if (size === e.size) store.put(e);
      }
      store.targets = parsed.targets.filter((t) => store.entries.has(t.firmwareId));
    }
    return store;
  }

  get indexPath(): string {
    return join(this.dir, 'library.json');
  }

  filePath(id: string): string {
    return join(this.dir, 'files', id);
  }

  private trashPath(id: string): string {
    return join(this.dir, 'trash', id);
  }

  private put(entry: FirmwareEntry): void {
    this.entries.set(entry.id, entry);
    this.byKey.set(firmwareKey(entry.sha256), entry.id);
  }

  private drop(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    this.byKey.delete(firmwareKey(e.sha256));
  }

  bySha(sha256: string): FirmwareEntry | undefined {
    const id = this.byKey.get(firmwareKey(sha256));
    const e = id === undefined ? undefined : this.entries.get(id);
    return e?.sha256 === sha256 ? e : undefined;
  }

  /** Changes to the index run one at a time, in order. */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async saveIndex(): Promise<void> {
    await writeFileAtomic(this.indexPath, JSON.stringify({ entries: [...this.entries.values()], targets: this.targets }, null, 1));
  }

  /**
   * Streams an upload into a temporary file, hashing as it goes; refuses past the size limit.
   * On any failure (too large, the client went away, a disk error) the temporary file is removed.
   */
  async receive(chunks: AsyncIterable<Uint8Array>, declaredLength?: number): Promise<Received> {
    if (declaredLength !== undefined && declaredLength > FIRMWARE_MAX_BYTES) throw tooLarge();
    const tmpPath = join(this.dir, 'tmp', `${randomBytes(8).toString('hex')}.part`);
    const out = createWriteStream(tmpPath, { mode: 0o600, flags: 'wx' });
    const failed = new Promise<never>((_, reject) => out.once('error', reject));
    failed.catch(() => undefined);
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of chunks) {
        size += chunk.length;
        if (size > FIRMWARE_MAX_BYTES) throw tooLarge();
        hash.update(chunk);
        if (!out.write(chunk)) await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
      }
      await Promise.race([new Promise<void>((resolve) => out.end(resolve)), failed]);
      // The bytes are on disk before the file is named in the library.
      const handle = await open(tmpPath, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      out.destroy();
      await rm(tmpPath, { force: true });
      throw error;
    }
    return { tmpPath, size, sha256: hash.digest('hex') };
  }

  /** Puts a received file into the library under its record, or refuses it (and removes it). */
  commit(received: Received, make: (id: string) => FirmwareEntry): Promise<FirmwareEntry> {
    return this.serial(async () => {
      try {
        if (received.size === 0) throw new AppError('validation_failed', 'The file is empty', 'Choose the firmware file itself.');
        const existing = this.bySha(received.sha256);
        if (existing) {
          throw new AppError(
            'conflict',
            `These bytes are already in the library as ${existing.fileName} (id ${existing.id})`,
            `Use the existing file, id ${existing.id}; remove it first to add it under another name.`,
          );
        }
        const entry = make(`fw_${randomBytes(6).toString('hex')}`);
        await rename(received.tmpPath, this.filePath(entry.id));
        await fsyncDir(join(this.dir, 'files'));
        this.put(entry);
        try {
          await this.saveIndex();
        } catch (error) {
          this.drop(entry.id);
          await rm(this.filePath(entry.id), { force: true });
          throw error;
        }
        return entry;
      } finally {
        await rm(received.tmpPath, { force: true });
      }
    });
  }

  /** Removes a file and the targets naming it; the file waits in the trash for an undo. */
  remove(id: string): Promise<{ entry: FirmwareEntry; targets: FirmwareTarget[] }> {
    return this.serial(async () => {
      const entry = this.entries.get(id);
      if (!entry) throw AppError.notFound('Firmware file', 'List the library to see the ids.');
      const removedTargets = this.targets.filter((t) => t.firmwareId === id);
      await rename(this.filePath(id), this.trashPath(id));
      this.drop(id);
      const before = this.targets;
      this.targets = this.targets.filter((t) => t.firmwareId !== id);
      try {
        await this.saveIndex();
      } catch (error) {
        await rename(this.trashPath(id), this.filePath(id));
        this.put(entry);
        this.targets = before;
        throw error;
      }
      return { entry, targets: removedTargets };
    });
  }

  /** Puts a removed file and its targets back (undo). */
  restore(entry: FirmwareEntry, targets: readonly FirmwareTarget[]): Promise<void> {
    return this.serial(async () => {
      if (this.bySha(entry.sha256)) throw new AppError('conflict', `${entry.fileName} is back in the library already`);
      await rename(this.trashPath(entry.id), this.filePath(entry.id));
      this.put(entry);
      const taken = new Set(this.targets.map(targetSlot));
      this.targets = [...this.targets, ...targets.filter((t) => !taken.has(targetSlot(t)))];
      await this.saveIndex();
    });
  }

  /** Forgets a removed file for good (its undo expired). */
  async purge(id: string): Promise<void> {
    await rm(this.trashPath(id), { force: true });
  }

  setTargets(targets: FirmwareTarget[]): Promise<FirmwareTarget[]> {
    return this.serial(async () => {
      const before = this.targets;
      this.targets = targets;
      try {
        await this.saveIndex();
      } catch (error) {
        this.targets = before;
        throw error;
      }
      return this.targets;
    });
  }
}

/** One target per vendor, model and site. */
export function targetSlot(t: FirmwareTarget): string {
  return `${t.vendor}\n${t.model.toLowerCase().replace(/[^a-z0-9]/g, '')}\n${(t.site ?? '').toLowerCase()}`;
}

function tooLarge(): AppError {
  return new AppError(
    'payload_too_large',
    'The file is larger than 512 MB',
    'Firmware files are far smaller; check that this is the right file.',
  );
}
