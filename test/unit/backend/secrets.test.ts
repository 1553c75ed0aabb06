import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scratchDir } from '../../support/scratch';
import { fileKeyBox, KEY_FILE, osBox } from '../../../electron/backend/store/secretBox';
import { JOURNAL_FILE, SNAPSHOT_FILE, Store, StoreLoadError } from '../../../electron/backend/store/store';
import { readSnapshotText } from '../../../electron/backend/store/snapshotFile';
import { settingsSchema } from '../../../shared/domain/settings';
import type { Account } from '../../../shared/domain/account';

const account: Account = {
  id: 'a1',
  source: 'manual',
  label: '',
  displayName: '',
  userName: '1001',
  password: 'hunter2-sip-password',
  serverHost: 'pbx',
  serverPort: 5060,
  transport: 'udp',
  expires: 3600,
  voicemail: '',
};

test('passwords and the AMI secret never reach the disk in clear, and read back intact', async () => {
  const dir = scratchDir('dp-sec-');
  const secrets = await fileKeyBox(dir);
  const store = await Store.open(dir, { secrets });
  const settings = settingsSchema.parse({
    pbx: { amiUser: 'dp', amiSecret: 'ami-secret-value' },
    security: { digestCredentials: [{ site: '', username: 'phones', password: 'digest-secret-value' }] },
  });
  await store.commit([
    { op: 'putAccount', account },
    { op: 'setSettings', settings },
  ]);
  const journal = await readFile(join(dir, JOURNAL_FILE), 'utf8');
  assert.doesNotMatch(journal, /hunter2|ami-secret-value|digest-secret-value/);
  assert.match(journal, /fk:v1:/);
  await store.close();
  const snapshot = await readSnapshotText(join(dir, SNAPSHOT_FILE));
  assert.doesNotMatch(snapshot, /hunter2|ami-secret-value|digest-secret-value/);
  assert.equal(((await stat(join(dir, KEY_FILE))).mode & 0o777).toString(8), '600');

  const reopened = await Store.open(dir, { secrets: await fileKeyBox(dir) });
  assert.equal(reopened.state.accounts.get('a1')?.password, 'hunter2-sip-password');
  assert.equal(reopened.state.settings.pbx.amiSecret, 'ami-secret-value');
  assert.equal(reopened.state.settings.security.digestCredentials[0]?.password, 'digest-secret-value');
  assert.equal(reopened.secretsAtRest, 'file-key');
});

test('a store written before sealing existed is read, and sealed at its next snapshot', async () => {
  const dir = scratchDir('dp-sec-');
  const plain = await Store.open(dir);
  await plain.commit([{ op: 'putAccount', account }]);
  await plain.close();
  assert.match(await readSnapshotText(join(dir, SNAPSHOT_FILE)), /hunter2/);
  const sealed = await Store.open(dir, { secrets: await fileKeyBox(dir) });
  assert.equal(sealed.state.accounts.get('a1')?.password, 'hunter2-sip-password');
  await sealed.close();
  assert.doesNotMatch(await readSnapshotText(join(dir, SNAPSHOT_FILE)), /hunter2/);
});

test('a replaced key file is a clear error and leaves the store untouched', async () => {
  const dir = scratchDir('dp-sec-');
  const store = await Store.open(dir, { secrets: await fileKeyBox(dir) });
  await store.commit([{ op: 'putAccount', account }]);
  await store.close();
  const before = await readSnapshotText(join(dir, SNAPSHOT_FILE));
  await writeFile(join(dir, KEY_FILE), Buffer.alloc(32, 7).toString('base64'));
  await assert.rejects(
    Store.open(dir, { secrets: await fileKeyBox(dir) }),
    (e: Error) => e instanceof StoreLoadError && /key file was replaced/.test(e.message),
  );
  assert.equal(await readSnapshotText(join(dir, SNAPSHOT_FILE)), before);
});

test('the OS keystore box seals through the functions it is given', () => {
  const box = osBox(
    (plain) => Buffer.from([...Buffer.from(plain)].reverse()),
    (sealed) => Buffer.from([...sealed].reverse()).toString(),
  );
  const sealed = box.seal('secret');
  assert.match(sealed, /^os:v1:/);
  assert.equal(box.open(sealed), 'secret');
  assert.throws(() => box.open('fk:v1:AAAA'), /headless key file/);
});
