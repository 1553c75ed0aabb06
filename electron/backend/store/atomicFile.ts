/**
 * Replace or create a file so that a crash (or a full disk) at any moment leaves either the old
 * content or the new, whole: the new content goes to a temporary file beside it, is synced, and
 * only then takes the name. A temporary file whose write failed is removed.
 */
import { access, link, open, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

export interface AtomicWriteOptions {
  /** Permissions of the new file (0600 unless said). */
  mode?: number;
  /** Never replace an existing file: fail with EEXIST instead (a key file is made once). */
  exclusive?: boolean;
}

/** Writes `data` whole to a new temporary file beside `path`, synced; returns its path. */
async function writeTemp(path: string, data: string | Uint8Array, mode: number): Promise<string> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', mode);
  try {
    // writeFile resumes after short writes; a full disk throws ENOSPC.
    await handle.writeFile(data);
    await handle.chmod(mode).catch(() => undefined);
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  return tmp;
}

async function linkOrCheckedRename(tmp: string, path: string): Promise<void> {
  try {
    await link(tmp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    // A file system without hard links (FAT): the name is checked, then taken by rename.
    const taken = await access(path).then(
      () => true,
      () => false,
    );
    if (taken) throw Object.assign(new Error(`${path} already exists`), { code: 'EEXIST' });
    await rename(tmp, path);
    return;
  }
  await unlink(tmp);
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const tmp = await writeTemp(path, data, options.mode ?? 0o600);
  try {
    if (options.exclusive) {
      // link() fails if the name exists; the temporary name is then removed.
      await linkOrCheckedRename(tmp, path);
    } else await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await fsyncDir(dirname(path));
}
