/**
 * Secrets at rest: SIP passwords and the AMI secret are sealed before they reach the disk.
 * The desktop app seals with the operating system's protection (Electron's safeStorage: Keychain,
 * DPAPI, libsecret) through a box that electron/main.ts provides. Headless mode has no OS
 * keystore to ask, so it seals with AES-256-GCM under a random key kept in its own file beside the
 * store (mode 0600): a copied or backed-up store.json reveals no password, but whoever can read
 * the whole data folder can read the key too. The UI says which protection is in force.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isNoSpace } from '../errors';
import { writeFileAtomic } from './atomicFile';

export interface SecretBox {
  /** `os` (the OS keystore) or `file-key` (a key file in the data folder). */
  readonly kind: 'os' | 'file-key';
  seal(plain: string): string;
  open(sealed: string): string;
}

export class SecretBoxError extends Error {}

/** Sealed values carry a prefix naming the box; anything else is plain text from an older store. */
export const SEALED = /^(os|fk):v1:/;

export function isSealed(value: string): boolean {
  return SEALED.test(value);
}

export const KEY_FILE = 'secret.key';

/** Files of the store that may hold values sealed with the key file. */
async function holdsFileKeySeals(dataDir: string): Promise<boolean> {
  const names = (await readdir(dataDir)).filter((n) => n === 'store.json' || n.startsWith('journal.ndjson'));
  for (const name of names) {
    const text = await readFile(join(dataDir, name), 'utf8').catch(() => '');
    if (text.includes('"fk:v1:')) return true;
  }
  return false;
}

async function makeKey(path: string): Promise<Buffer> {
  const key = randomBytes(32);
  try {
    // Whole or not at all: a full disk can no longer leave an empty key file behind.
    await writeFileAtomic(path, key.toString('base64') + '\n', { mode: 0o600, exclusive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
    if (isNoSpace(error)) throw new SecretBoxError(`${path} could not be created: the disk is full. Free some space and start again.`);
    throw error;
  }
  return key;
}

function parseKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : null;
}

/**
 * The key file's key, made on the first start. A key file that holds no key (an empty file left
 * by a full disk under an older version) is replaced only when nothing in the store was sealed
 * with a key file, so no real key is ever thrown away: otherwise the app refuses to start and
 * says to restore the file. A non-empty unreadable file is kept beside, renamed, never deleted.
 */
async function loadOrMakeKey(dataDir: string, path: string, warn: (message: string) => void): Promise<Buffer> {
  for (let attempt = 0; attempt < 2; attempt++) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      try {
        return await makeKey(path);
      } catch (made) {
        if ((made as NodeJS.ErrnoException).code === 'EEXIST') continue; // made meanwhile: read it
        throw made;
      }
    }
    const key = parseKey(text);
    if (key) return key;
    if (await holdsFileKeySeals(dataDir))
      throw new SecretBoxError(
        `${path} does not hold a 256-bit key, and the store holds passwords sealed with one. Restore ${KEY_FILE} from a backup of this folder; the file was left as it is.`,
      );
    if (text.trim() === '') {
      await unlink(path);
      warn(`${path} was empty (left by a full disk) and nothing was sealed with it: a new key was made`);
    } else {
      const aside = `${path}.invalid-${Date.now()}`;
      await rename(path, aside);
      warn(`${path} did not hold a key and nothing was sealed with it: it was moved to ${aside} and a new key was made`);
    }
  }
  return await makeKey(path);
}

export async function fileKeyBox(dataDir: string, warn: (message: string) => void = () => undefined): Promise<SecretBox> {
  const path = join(dataDir, KEY_FILE);
  const key = await loadOrMakeKey(dataDir, path, warn);
  return {
    kind: 'file-key',
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `fk:v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      if (!sealed.startsWith('fk:v1:'))
        throw new SecretBoxError('this value was sealed by the operating system keystore, which headless mode cannot open');
      const raw = Buffer.from(sealed.slice(6), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(
          `a stored secret does not open with ${path}: the key file was replaced or the store was copied from another computer`,
        );
      }
    },
  };
}

/** A box around the OS keystore: `encrypt`/`decrypt` are Electron's safeStorage functions. */
export function osBox(encrypt: (plain: string) => Buffer, decrypt: (sealed: Buffer) => string): SecretBox {
  return {
    kind: 'os',
    seal: (plain) => `os:v1:${encrypt(plain).toString('base64')}`,
    open(sealed) {
      if (!sealed.startsWith('os:v1:'))
        throw new SecretBoxError(
          'this value was sealed with a headless key file; start the app headless with the same data folder to read it',
        );
      return decrypt(Buffer.from(sealed.slice(6), 'base64'));
    },
  };
}
