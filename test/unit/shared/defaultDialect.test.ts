import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderAccCfg, renderBootFile, renderBtnCfg } from '../../../shared/dialects/default';
import { checkDefaultConfig } from '../../../shared/config/checkDefault';
import { parseCfg } from '../../../shared/config/cfgSyntax';
import type { ProvisioningInput } from '../../../shared/config/provisioningInput';
import type { Phone } from '../../../shared/domain/phone';
import { assertGolden } from '../../support/golden';
import { ALL_KEYS } from '../vendors/fixtures';

const phone: Phone = {
  mac: '805ec0112233',
  serial: '8051A0112233',
  vendor: '',
  model: 'T46U',
  firmware: '108.86.0.20',
  userType: 'standard',
  client: 'Acme',
  region: 'EU',
  site: 'HQ floor 2',
  lines: [
    { line: 1, accountId: 'a1' },
    { line: 2, accountId: 'a2' },
  ],
  // Every key function; the transfer key without a label, as the golden files were made.
  buttons: ALL_KEYS.map((b) => (b.type === 'transfer' ? { ...b, label: '' } : b)),
  token: 'TOKEN_TOKEN_TOKEN_TOKEN_1',
  lastIp: '10.0.0.5',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  revision: 0,
};

const account = (id: string, user: string, extra: object = {}) => ({
  id,
  source: 'manual' as const,
  label: `Ext ${user}`,
  displayName: `User ${user}`,
  userName: user,
  authName: `auth${user}`,
  password: `pw-${user}`,
  serverHost: 'pbx.example.local',
  serverPort: 5060,
  transport: 'udp' as const,
  expires: 3600,
  voicemail: '*97',
  ...extra,
});

const input: ProvisioningInput = {
  phone,
  lines: [
    { line: 1, account: account('a1', '1001') },
    { line: 2, account: account('a2', '2000', { transport: 'tls', serverPort: 5061, voicemail: '', authName: undefined }) },
  ],
  provisioningUrl: 'http://192.168.1.10:8080/p/TOKEN_TOKEN_TOKEN_TOKEN_1/',
  callServer: { host: 'pbx.example.local', port: 5060, transport: 'udp' },
};

test('BootFile, ACC.cfg and BTN.cfg match their reviewed golden files', () => {
  assertGolden('default/standard.boot', renderBootFile(input));
  assertGolden('default/standard.ACC.cfg', renderAccCfg(input));
  assertGolden('default/standard.BTN.cfg', renderBtnCfg(input));
});

test('rendered files read back into every account and button that was assigned', () => {
  const checked = checkDefaultConfig(
    renderBootFile(input),
    new Map([
      ['ACC.cfg', renderAccCfg(input)],
      ['BTN.cfg', renderBtnCfg(input)],
    ]),
  );
  assert.deepEqual(checked.problems, []);
  assert.deepEqual(
    checked.accounts.map((a) => [a.line, a.userName, a.authName, a.password, a.server, a.port, a.transport]),
    [
      [1, '1001', 'auth1001', 'pw-1001', 'pbx.example.local', 5060, 'udp'],
      [2, '2000', '2000', 'pw-2000', 'pbx.example.local', 5061, 'tls'],
    ],
  );
  assert.deepEqual(
    checked.buttons.map((b) => [b.key, b.type, b.value, b.label, b.line]),
    phone.buttons.map((b) => [b.key, b.type, b.value, b.label, b.line]),
  );
});

test('a hot-desk phone: the BootFile says so, no personal account, a login key first', () => {
  const hot: ProvisioningInput = { ...input, phone: { ...phone, userType: 'hotdesk', buttons: [] }, lines: [] };
  assertGolden('default/hotdesk.boot', renderBootFile(hot));
  assertGolden('default/hotdesk.ACC.cfg', renderAccCfg(hot));
  assertGolden('default/hotdesk.BTN.cfg', renderBtnCfg(hot));
  const checked = checkDefaultConfig(
    renderBootFile(hot),
    new Map([
      ['ACC.cfg', renderAccCfg(hot)],
      ['BTN.cfg', renderBtnCfg(hot)],
    ]),
  );
  assert.deepEqual(checked.problems, []);
  assert.equal(checked.userType, 'hotdesk');
  assert.deepEqual(
    checked.buttons.map((b) => b.type),
    ['hotdesk_login'],
  );
});

test('every file starts with the version header and parses as key = value', () => {
  for (const text of [renderBootFile(input), renderAccCfg(input), renderBtnCfg(input)]) {
    assert.ok(text.startsWith('#!version:1.0.0.1\n'));
    assert.doesNotThrow(() => parseCfg(text));
  }
});

test('the checker names what is wrong with a broken configuration', () => {
  const acc = renderAccCfg(input).replace('account.1.password = pw-1001\n', '');
  const btn = renderBtnCfg(input).replace('linekey.3.value = 1002', 'linekey.3.value = %NULL%');
  const checked = checkDefaultConfig(
    renderBootFile(input),
    new Map([
      ['ACC.cfg', acc],
      ['BTN.cfg', btn],
    ]),
  );
  assert.deepEqual(checked.problems, ['account.1.password is missing', 'linekey.3 (blf) has no value']);
  const missing = checkDefaultConfig(renderBootFile(input), new Map([['ACC.cfg', renderAccCfg(input)]]));
  assert.deepEqual(missing.problems, ['BTN.cfg was included by the BootFile but not received']);
});

test('parseCfg refuses what a phone could not read', () => {
  assert.throws(() => parseCfg('no header\n'), /first line/);
  assert.throws(() => parseCfg('#!version:1.0.0.1\njust words\n'), /line 2/);
  assert.throws(() => parseCfg('#!version:1.0.0.1\nbad key! = 1\n'), /bad key/);
});
