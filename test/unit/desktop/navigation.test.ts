import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideWindowOpen, isAppUrl, mayAttachWebview, mayGrantPermission, mayNavigate } from '../../../electron/desktop/navigation';

test('only the app\u2019s own pages count as the app', () => {
  for (const url of [
    'app://deskphone/index.html',
    'app://deskphone/',
    'app://deskphone',
    'app://deskphone/#/phones?x=1',
    'APP://DESKPHONE/index.html',
  ])
    assert.equal(isAppUrl(url), true, url);
  for (const url of [
    'app://evil/index.html',
    'app://deskphone.evil/index.html',
    'app://deskphone:81/index.html',
    'app://user:pw@deskphone/index.html',
    'http://127.0.0.1:8080/',
    'https://deskphone/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'about:blank',
    '',
    'not a url',
  ])
    assert.equal(isAppUrl(url), false, url);
});

test('the window navigates only within the app', () => {
  assert.equal(mayNavigate('app://deskphone/index.html#/accounts'), true);
  assert.equal(mayNavigate('https://example.com/'), false);
  assert.equal(mayNavigate('http://127.0.0.1:41234/'), false, 'not even the admin listener');
  assert.equal(mayNavigate('file:///C:/Windows/'), false);
});

test('new windows are never opened; plain web links go to the system browser', () => {
  assert.deepEqual(decideWindowOpen('http://192.0.2.10/'), { action: 'deny', openExternal: 'http://192.0.2.10/' });
  assert.deepEqual(decideWindowOpen('https://support.example.com/x?y=1'), {
    action: 'deny',
    openExternal: 'https://support.example.com/x?y=1',
  });
  for (const url of [
    'app://deskphone/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-settings:privacy',
    'http://user:pw@192.0.2.1/',
    'garbage',
  ])
    assert.deepEqual(decideWindowOpen(url), { action: 'deny' }, url);
});

test('the page gets loopback access to its own API and no other permission; other pages get nothing', () => {
  assert.equal(mayGrantPermission('local-network-access', 'app://deskphone'), true);
  assert.equal(mayGrantPermission('loopback-network', 'app://deskphone/index.html'), true);
  for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'usb', 'serial', 'local-network'])
    assert.equal(mayGrantPermission(p, 'app://deskphone'), false, p);
  assert.equal(mayGrantPermission('local-network-access', 'https://example.com'), false);
  assert.equal(mayGrantPermission('local-network-access', undefined), false);
  assert.equal(mayAttachWebview(), false);
});
