import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstRunInfoSchema } from '../../../shared/api/bridge';
import {
  acknowledgeFirstRun,
  buildFirstRunInfo,
  FIRST_RUN_FILE,
  firstRunDialog,
  firewallKind,
  loadFirstRunState,
} from '../../../electron/desktop/firstRun';

const urls = { deviceBaseUrl: 'http://192.0.2.20:8080', rpsUrl: 'http://192.0.2.20:8080/rps/v1/lookup' };

test('the explanation names the address and port phones use, and what the firewall will ask', () => {
  const info = buildFirstRunInfo({ platform: 'win32', ...urls, state: {} });
  assert.equal(firstRunInfoSchema.safeParse(info).success, true);
  assert.equal(info.show, true);
  assert.equal(info.deviceAddress, '192.0.2.20');
  assert.equal(info.devicePort, 8080);
  assert.equal(info.firewall, 'prompts');
  const text = info.paragraphs.join(' ');
  assert.match(text, /http:\/\/192\.0\.2\.20:8080/);
  assert.match(text, /TCP port 8080/);
  assert.match(text, /Private networks/);
  assert.match(text, /Allow an app through firewall/, 'says how to undo a Cancel');
  assert.match(buildFirstRunInfo({ platform: 'darwin', ...urls, state: {} }).paragraphs.join(' '), /accept incoming network connections/);
  const linux = buildFirstRunInfo({ platform: 'linux', ...urls, state: {} });
  assert.equal(linux.firewall, 'manual');
  assert.match(linux.paragraphs.join(' '), /ufw allow 8080\/tcp/);
  assert.equal(firewallKind('freebsd'), 'manual');
});

test('without a LAN address the explanation says phones cannot reach the computer yet', () => {
  const info = buildFirstRunInfo({ platform: 'win32', deviceBaseUrl: 'http://127.0.0.1:8080', rpsUrl: 'x', state: {} });
  assert.match(info.paragraphs.at(-1) ?? '', /no LAN address/);
});

test('acknowledged once per port: a new port asks again', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-first-'));
  try {
    assert.deepEqual(await loadFirstRunState(dir), {});
    const state = await acknowledgeFirstRun(dir, 8080);
    assert.deepEqual(await loadFirstRunState(dir), state);
    assert.equal(buildFirstRunInfo({ platform: 'win32', ...urls, state }).show, false);
    assert.equal(buildFirstRunInfo({ platform: 'win32', deviceBaseUrl: 'http://192.0.2.20:8081', rpsUrl: 'x', state }).show, true);
    await writeFile(join(dir, FIRST_RUN_FILE), '{"firewallAcknowledgedPort": "8080"}');
    assert.deepEqual(await loadFirstRunState(dir), {}, 'a bad file counts as not acknowledged');
    await writeFile(join(dir, FIRST_RUN_FILE), 'garbage');
    assert.deepEqual(await loadFirstRunState(dir), {});
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the native dialog carries the same text', () => {
  const info = buildFirstRunInfo({ platform: 'darwin', ...urls, state: {} });
  const d = firstRunDialog(info);
  assert.equal(d.title, info.title);
  assert.equal(d.detail, info.paragraphs.join('\n\n'));
  assert.deepEqual(d.buttons, ['OK']);
});
