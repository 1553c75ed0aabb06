import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JOURNAL_FILE, SNAPSHOT_FILE, Store, StoreLoadError } from '../../../electron/backend/store/store';
import { readSnapshotText } from '../../../electron/backend/store/snapshotFile';
import { account } from './storeFixtures';
import { until } from '../../support/until';
import { scratchDir } from '../../support/scratch';

const storeDir = () => scratchDir('dp-store-');

test('what was committed is there after reopening, from the journal or the snapshot', async () => {
  const dir = storeDir();
  const store = await Store.open(dir);
  await store.commit([
    { op: 'putAccount', account: account(1) },
    { op: 'putAccount', account: account(2) },
  ]);
  await store.commit([{ op: 'deleteAccount', id: 'acc-1' }]);
  // No close: as if the process died after the acknowledgements.
  const reopened = await Store.open(dir);
  assert.deepEqual([...reopened.state.accounts.keys()], ['acc-2']);
  await reopened.close();
  const again = await Store.open(dir);
  assert.deepEqual([...again.state.accounts.keys()], ['acc-2']);
  assert.equal(JSON.parse(await readSnapshotText(join(dir, SNAPSHOT_FILE))).schemaVersion, 1);
  await again.close();
});

test('a torn last journal line (a crash mid-write) is ignored', async () => {
  const dir = storeDir();
  const store = await Store.open(dir);
  await store.commit([{ op: 'putAccount', account: account(1) }]);
  await appendFile(join(dir, JOURNAL_FILE), '{"n":2,"op":{"op":"putAcc');
  const reopened = await Store.open(dir);
  assert.deepEqual([...reopened.state.accounts.keys()], ['acc-1']);
  await reopened.commit([{ op: 'putAccount', account: account(3) }]);
  const third = await Store.open(dir);
  assert.deepEqual([...third.state.accounts.keys()].sort(), ['acc-1', 'acc-3']);
});

test('a damaged journal keeps what came before the damage and sets the rest aside', async () => {
  const dir = storeDir();
  const store = await Store.open(dir);
  await store.commit([{ op: 'putAccount', account: account(1) }]);
  await appendFile(
    join(dir, JOURNAL_FILE),
    'garbage line\n' + JSON.stringify({ n: 3, op: { op: 'putAccount', account: account(2) } }) + '\n',
  );
  const warnings: string[] = [];
  const reopened = await Store.open(dir, { warn: (m) => warnings.push(m) });
  assert.deepEqual([...reopened.state.accounts.keys()], ['acc-1']);
  assert.match(warnings[0] ?? '', /damaged at entry 2/);
  assert.ok((await readdir(dir)).some((f) => f.startsWith(`${JOURNAL_FILE}.damaged-`)));
});

test('an unreadable snapshot is refused with a clear message and left untouched', async () => {
  const dir = storeDir();
  await writeFile(join(dir, SNAPSHOT_FILE), '{"schemaVersion": 1, "phones": "oops"');
  await assert.rejects(Store.open(dir), (e: Error) => e instanceof StoreLoadError && /not valid JSON/.test(e.message));
  await writeFile(join(dir, SNAPSHOT_FILE), JSON.stringify({ schemaVersion: 1, phones: 'oops' }));
  await assert.rejects(Store.open(dir), (e: Error) => e instanceof StoreLoadError && /does not match/.test(e.message));
  assert.equal(await readSnapshotText(join(dir, SNAPSHOT_FILE)), JSON.stringify({ schemaVersion: 1, phones: 'oops' }));
});

test('a snapshot from a newer app is refused; an old unversioned one is migrated', async () => {
  const dir = storeDir();
  await writeFile(join(dir, SNAPSHOT_FILE), JSON.stringify({ schemaVersion: 99 }));
  await assert.rejects(Store.open(dir), /newer version/);
  const old = storeDir();
  await writeFile(join(old, SNAPSHOT_FILE), JSON.stringify({ phones: [], accounts: [account(7)], rules: [], settings: {} }));
  const store = await Store.open(old);
  assert.deepEqual([...store.state.accounts.keys()], ['acc-7']);
  assert.equal(store.state.settings.requireSerial, true);
});

test('while writes keep coming the fold waits, unless the journal grew to four times the limit', async () => {
  const dir = storeDir();
  // Writes never pause for an hour: the fold waits, and happens only at four times the limit.
  const store = await Store.open(dir, { compactAfter: 10, compactWhenQuietMs: 3_600_000 });
  const journalLines = async () => (await readFile(join(dir, JOURNAL_FILE), 'utf8')).split('\n').filter(Boolean).length;
  for (let i = 0; i < 25; i++) await store.commit([{ op: 'putAccount', account: account(i) }]);
  assert.equal(await journalLines(), 25, 'not folded during the burst');
  for (let i = 25; i < 41; i++) await store.commit([{ op: 'putAccount', account: account(i) }]);
  // The 40th line started the fold on its own (nothing here calls compact).
  const after = await until('the journal folded', 10_000, async () => ((await journalLines()) < 40 ? journalLines() : undefined));
  assert.ok(after < 40, 'folded at four times the limit');
  await store.close();
  const reopened = await Store.open(dir);
  assert.equal(reopened.state.accounts.size, 41);
  await reopened.close();
});

test('the journal is folded into a snapshot once it grows past the limit', async () => {
  const dir = storeDir();
  const store = await Store.open(dir, { compactAfter: 10 });
  for (let i = 0; i < 25; i++) await store.commit([{ op: 'putAccount', account: account(i) }]);
  await store.compact();
  const journal = await readFile(join(dir, JOURNAL_FILE), 'utf8');
  assert.equal(journal, '');
  const reopened = await Store.open(dir);
  assert.equal(reopened.state.accounts.size, 25);
});
