/**
 * secret.key on the first start and after a full disk under an older version: made whole, and an
 * empty or unreadable key file is replaced only when nothing in the store was sealed with a key file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileKeyBox, KEY_FILE, SecretBoxError } from '../../../electron/backend/store/secretBox';

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'dp-key-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('the first start makes a whole 256-bit key file, mode 0600, and no temporary file stays', () =>
  withDir(async (dir) => {
    const box = await fileKeyBox(dir);
    const key = Buffer.from((await readFile(join(dir, KEY_FILE), 'utf8')).trim(), 'base64');
    assert.equal(key.length, 32);
    assert.deepEqual(await readdir(dir), [KEY_FILE]);
    assert.equal(box.open(box.seal('pw')), 'pw');
    const again = await fileKeyBox(dir);
    assert.equal(again.open(box.seal('same key')), 'same key');
  }));

test('an empty key file with nothing sealed under it is treated as absent, and said', () =>
  withDir(async (dir) => {
    await writeFile(join(dir, KEY_FILE), '');
    await writeFile(join(dir, 'store.json'), '{"accounts":[]}');
    const warnings: string[] = [];
    const box = await fileKeyBox(dir, (m) => warnings.push(m));
    assert.equal(box.open(box.seal('x')), 'x');
    assert.equal(Buffer.from((await readFile(join(dir, KEY_FILE), 'utf8')).trim(), 'base64').length, 32);
    assert.match(warnings.join('\n'), /was empty/);
  }));

test('an empty key file is never replaced while the store holds values sealed with a key file', () =>
  withDir(async (dir) => {
    await writeFile(join(dir, KEY_FILE), '');
    await writeFile(join(dir, 'journal.ndjson'), '{"n":1,"op":{"op":"putAccount","account":{"password":"fk:v1:AAAA"}}}\n');
    await assert.rejects(fileKeyBox(dir), (e: Error) => e instanceof SecretBoxError && /Restore secret\.key from a backup/.test(e.message));
    assert.equal(await readFile(join(dir, KEY_FILE), 'utf8'), '', 'the file is left as it was');
  }));

test('an unreadable key file with nothing sealed under it is moved aside, never deleted', () =>
  withDir(async (dir) => {
    await writeFile(join(dir, KEY_FILE), 'not a key\n');
    await fileKeyBox(dir);
    const names = await readdir(dir);
    const aside = names.find((n) => n.startsWith(`${KEY_FILE}.invalid-`));
    assert.ok(aside, names.join(','));
    assert.equal(await readFile(join(dir, aside), 'utf8'), 'not a key\n');
  }));

test('a damaged key file with sealed values (in a set-aside journal too) is refused', () =>
  withDir(async (dir) => {
    await writeFile(join(dir, KEY_FILE), 'AAAA\n');
    await writeFile(join(dir, 'journal.ndjson.damaged-1'), '"password":"fk:v1:abc"\n');
    await assert.rejects(fileKeyBox(dir), SecretBoxError);
    assert.equal(await readFile(join(dir, KEY_FILE), 'utf8'), 'AAAA\n');
  }));
