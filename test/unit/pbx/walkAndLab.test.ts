/** The walk's order (label, extension, site) and the lab chroot's files-only name resolution. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PhoneView } from '../../../shared/api/views';
import type { AccountView } from '../../../shared/domain/account';
import { INITIAL_FLOW } from '../../../shared/flow/machine';
import { orderForWalk } from '../../../shared/report/walkOrder';
import { labHostsFile, nsswitchFilesOnly } from '../../lab/asterisk/hostsOnly';

const account = (id: string, userName: string, displayName: string): AccountView =>
  ({ id, userName, displayName, label: '', hasPassword: true }) as AccountView;
const phone = (mac: string, site: string, accountId: string): PhoneView =>
  ({ mac, site, lines: [{ line: 1, accountId }], flow: INITIAL_FLOW }) as unknown as PhoneView;

test('a walk is ordered by label, by extension (as numbers) or by site', () => {
  const accounts = new Map([
    ['a', account('a', '1010', 'Reception')],
    ['b', account('b', '902', 'Accounts')],
    ['c', account('c', '1001', 'Boardroom')],
  ]);
  const phones = [phone('805ec0000001', 'HQ 2', 'a'), phone('805ec0000002', 'HQ 1', 'b'), phone('805ec0000003', 'HQ 1', 'c')];
  const macs = (order: 'label' | 'extension' | 'site') => orderForWalk(phones, accounts, order).map((p) => p.mac.slice(-1));
  assert.deepEqual(macs('label'), ['2', '3', '1']);
  assert.deepEqual(macs('extension'), ['2', '3', '1']);
  assert.deepEqual(macs('site'), ['2', '3', '1']);
  accounts.set('b', account('b', '1020', 'Accounts'));
  assert.deepEqual(macs('extension'), ['3', '1', '2']);
});

test('the lab chroot resolves host names from files only, with this machine named', () => {
  const text = nsswitchFilesOnly('passwd: files\nhosts:          files dns\nnetworks: files\n');
  assert.match(text, /^hosts:\s+files$/m);
  assert.doesNotMatch(text, /dns/);
  assert.equal(nsswitchFilesOnly(text), text, 'idempotent');
  assert.match(labHostsFile('lab-box'), /^127\.0\.0\.1\tlocalhost lab-box$/m);
});
