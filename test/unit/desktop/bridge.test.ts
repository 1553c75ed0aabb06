import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiClient } from '../../../shared/api/client';
import { contract } from '../../../shared/api/contract';
import {
  BRIDGE_CHANNELS,
  BRIDGE_KEYS,
  BRIDGE_REPLIES,
  DESKTOP_APP_ORIGIN,
  firstRunInfoSchema,
  type BridgeChannel,
} from '../../../shared/api/bridge';
import { BridgeReplyError, createBridge } from '../../../electron/desktop/bridge';
import { BridgeRefused, bridgeHandlers } from '../../../electron/desktop/bridgeHandlers';
import { buildFirstRunInfo } from '../../../electron/desktop/firstRun';
import { APP_ENTRY_URL } from '../../../electron/desktop/appProtocol';
import { startTestBackend } from '../../support/backend';

const CHANNELS = Object.values(BRIDGE_CHANNELS) as BridgeChannel[];

test('the bridge has exactly the declared members: two values and one method per channel, no generic IPC', async () => {
  const seen: string[] = [];
  const bridge = createBridge(
    async (channel) => {
      seen.push(channel);
      return undefined;
    },
    { platform: 'win32', version: '1.2.3' },
  );
  assert.deepEqual(Object.keys(bridge).sort(), [...BRIDGE_KEYS].sort());
  assert.ok(Object.isFrozen(bridge));
  for (const banned of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync', 'require', 'process'])
    assert.equal(banned in bridge, false, banned);
  assert.equal(bridge.platform, 'win32');
  assert.equal(bridge.version, '1.2.3');
  const methods = Object.entries(bridge).filter(([, v]) => typeof v === 'function');
  assert.deepEqual(methods.map(([k]) => k).sort(), Object.keys(BRIDGE_CHANNELS).sort());
  for (const [name, fn] of methods) {
    seen.length = 0;
    await assert.rejects((fn as () => Promise<unknown>)(), BridgeReplyError, `${name} rejects an empty reply`);
    assert.deepEqual(seen, [BRIDGE_CHANNELS[name as keyof typeof BRIDGE_CHANNELS]], `${name} uses only its own channel`);
  }
  assert.equal(new Set(CHANNELS).size, CHANNELS.length, 'one channel per method');
  assert.deepEqual(Object.keys(BRIDGE_REPLIES).sort(), [...CHANNELS].sort(), 'every channel has a reply schema');
  assert.equal(createBridge(async () => undefined, { platform: 'sunos', version: '' }).platform, 'linux');
});

test('replies that do not fit the schema never reach the page', async () => {
  const replies: Record<string, unknown> = {
    [BRIDGE_CHANNELS.getConnection]: { adminUrl: 'http://192.0.2.1:8080', adminToken: 'x'.repeat(43) },
  };
  const bridge = createBridge(async (c) => replies[c], { platform: 'linux', version: '0' });
  await assert.rejects(bridge.getConnection(), BridgeReplyError);
  replies[BRIDGE_CHANNELS.getConnection] = { adminUrl: 'http://127.0.0.1:8080', adminToken: 'short' };
  await assert.rejects(bridge.getConnection(), BridgeReplyError);
  replies[BRIDGE_CHANNELS.acknowledgeFirstRun] = { ok: false };
  await assert.rejects(bridge.acknowledgeFirstRun(), BridgeReplyError);
});

test('the main-process handlers answer exactly the bridge channels, and only the app\u2019s own page', async () => {
  const handlers = bridgeHandlers({
    connection: () => ({ adminUrl: 'http://127.0.0.1:1', adminToken: 't'.repeat(43) }),
    firstRun: async () => buildFirstRunInfo({ platform: 'linux', deviceBaseUrl: 'http://192.0.2.2:8080', rpsUrl: 'r', state: {} }),
    acknowledgeFirstRun: async () => undefined,
  });
  assert.deepEqual(Object.keys(handlers).sort(), [...CHANNELS].sort());
  for (const channel of CHANNELS) {
    for (const sender of [undefined, '', 'https://example.com/', 'app://evil/index.html', 'file:///tmp/x.html', 'http://127.0.0.1:1/'])
      await assert.rejects(handlers[channel](sender), BridgeRefused, `${channel} from ${sender}`);
    await handlers[channel](APP_ENTRY_URL);
  }
});

test('through the bridge the page gets a connection that the contract\u2019s client uses against the real backend', async () => {
  const backend = await startTestBackend({ appOrigins: [DESKTOP_APP_ORIGIN] });
  try {
    let acknowledged = 0;
    const handlers = bridgeHandlers({
      connection: () => ({ adminUrl: backend.adminUrl, adminToken: backend.adminToken }),
      firstRun: async () =>
        buildFirstRunInfo({ platform: 'win32', deviceBaseUrl: backend.deviceBaseUrl, rpsUrl: backend.rpsUrl, state: {} }),
      acknowledgeFirstRun: async () => void acknowledged++,
    });
    // The IPC hop, as Electron does it: the preload's invoke reaches the handler with the frame's URL.
    const bridge = createBridge((channel) => handlers[channel](APP_ENTRY_URL), { platform: 'win32', version: '0.1.0' });

    const connection = await bridge.getConnection();
    assert.equal(connection.adminUrl, backend.adminUrl);
    // The page is on app://deskphone, so every request carries that Origin, as Chromium sends it.
    const client = createApiClient({
      baseUrl: connection.adminUrl,
      token: connection.adminToken,
      fetch: (url, init) => fetch(url, { ...init, headers: { ...init?.headers, Origin: DESKTOP_APP_ORIGIN } }) as never,
    });
    const info = await client.info();
    assert.equal(info.rpsUrl, backend.rpsUrl);
    assert.deepEqual(await client.listPhones(), []);
    assert.ok('info' in contract);

    const first = await bridge.getFirstRun();
    assert.equal(firstRunInfoSchema.safeParse(first).success, true);
    assert.equal(first.rpsUrl, backend.rpsUrl);
    assert.deepEqual(await bridge.acknowledgeFirstRun(), { ok: true });
    assert.equal(acknowledged, 1);
  } finally {
    await backend.cleanup();
  }
});
