import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  DEFAULT_DEVICE_HTTPS_PORT,
  DEFAULT_DEVICE_PORT,
  deviceHttpsPortFrom,
  desktopPaths,
  deviceListenFrom,
  devicePortFrom,
  secureWebPreferences,
  userDataOverride,
} from '../../../electron/desktop/config';

test('the device port is 8080 like headless mode unless DESKPHONE_DEVICE_PORT names a valid one', () => {
  assert.equal(devicePortFrom({}), DEFAULT_DEVICE_PORT);
  assert.equal(devicePortFrom({ DESKPHONE_DEVICE_PORT: '8081' }), 8081);
  for (const bad of ['', '0', '70000', 'abc', '80.5', '-1'])
    assert.equal(devicePortFrom({ DESKPHONE_DEVICE_PORT: bad }), DEFAULT_DEVICE_PORT, bad);
});

test('the HTTPS port is fixed at 8443 (phones keep their https URL) unless DESKPHONE_DEVICE_HTTPS_PORT names a valid one', () => {
  assert.equal(deviceHttpsPortFrom({}), DEFAULT_DEVICE_HTTPS_PORT);
  assert.equal(DEFAULT_DEVICE_HTTPS_PORT, 8443);
  assert.equal(deviceHttpsPortFrom({ DESKPHONE_DEVICE_HTTPS_PORT: '9443' }), 9443);
  assert.equal(deviceHttpsPortFrom({ DESKPHONE_DEVICE_HTTPS_PORT: 'x' }), 8443);
});

test('the device listener is on every interface unless one IPv4 address is named, which phones are then told', () => {
  assert.deepEqual(deviceListenFrom({}), { host: '0.0.0.0', port: 8080 });
  assert.deepEqual(deviceListenFrom({ DESKPHONE_DEVICE_HOST: '127.0.0.1', DESKPHONE_DEVICE_PORT: '9000' }), {
    host: '127.0.0.1',
    port: 9000,
    advertiseHost: '127.0.0.1',
  });
  assert.deepEqual(deviceListenFrom({ DESKPHONE_DEVICE_HOST: 'evil host' }), { host: '0.0.0.0', port: 8080 });
  assert.equal(userDataOverride({}), undefined);
  assert.equal(userDataOverride({ DESKPHONE_USER_DATA: '  ' }), undefined);
  assert.equal(userDataOverride({ DESKPHONE_USER_DATA: '/tmp/x' }), '/tmp/x');
});

test('the preload, renderer and icon are found beside the main bundle', () => {
  const p = desktopPaths(join('/app', 'dist', 'electron'));
  assert.equal(p.preload, join('/app', 'dist', 'electron', 'preload.cjs'));
  assert.equal(p.rendererDir, join('/app', 'dist', 'renderer'));
  assert.equal(p.icon, join('/app', 'dist', 'icons', 'icon.png'));
});

test('the window is isolated and sandboxed, with no Node in the page and no webviews', () => {
  const w = secureWebPreferences('/p.cjs', { packaged: true });
  assert.equal(w.contextIsolation, true);
  assert.equal(w.sandbox, true);
  assert.equal(w.nodeIntegration, false);
  assert.equal(w.nodeIntegrationInSubFrames, false);
  assert.equal(w.nodeIntegrationInWorker, false);
  assert.equal(w.webSecurity, true);
  assert.equal(w.allowRunningInsecureContent, false);
  assert.equal(w.webviewTag, false);
  assert.equal(w.preload, '/p.cjs');
});

test('developer tools exist in a development run only, never in an installed (packaged) app', () => {
  assert.equal(secureWebPreferences('/p.cjs', { packaged: true }).devTools, false);
  assert.equal(secureWebPreferences('/p.cjs', { packaged: false }).devTools, true);
});
