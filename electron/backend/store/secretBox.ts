/**
 * Secrets at rest: SIP passwords and the AMI secret are sealed before they reach the disk.
 * The desktop app seals with the operating system's protection (Electron's safeStorage: Keychain,
 * DPAPI, libsecret) through a box that electron/main.ts provides. Headless mode has no OS
 * keystore to ask, so it seals with AES-256-GCM under a random key kept in its own file beside the
 * store (mode 0600): a copied or backed-up store.json reveals no password, but whoever can read
 * the whole data folder can read the key too. The UI says which protection is in force.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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

export async function fileKeyBox(dataDir: string): Promise<SecretBox> {
  const path = join(dataDir, KEY_FILE);
  let key: Buffer;
  try {
    key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new SecretBoxError(`${path} does not hold a 256-bit key`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    key = randomBytes(32);
    await writeFile(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
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
