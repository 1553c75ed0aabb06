import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CSP as ADMIN_APP_CSP } from '../../../electron/backend/admin/app';
import { buildCsp, CSP, CSP_DIRECTIVES } from '../../../electron/backend/admin/csp';
import { desktopCsp } from '../../../electron/desktop/csp';

function parse(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...sources] = d.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

test('the admin listener and the desktop page share one policy', () => {
  assert.equal(ADMIN_APP_CSP, CSP);
  assert.equal(CSP, buildCsp());
  const desktop = parse(desktopCsp('http://127.0.0.1:41234'));
  const headless = parse(CSP);
  assert.deepEqual([...desktop.keys()], [...headless.keys()]);
  for (const [name, sources] of headless) {
    if (name === 'connect-src') continue;
    assert.deepEqual(desktop.get(name), sources, name);
  }
});

test('the desktop page may connect only to itself and the loopback admin API', () => {
  const p = parse(desktopCsp('http://127.0.0.1:41234/'));
  assert.deepEqual(p.get('connect-src'), ["'self'", 'http://127.0.0.1:41234']);
  assert.deepEqual(p.get('script-src'), ["'self'"], 'no inline or eval scripts');
  assert.deepEqual(p.get('style-src'), ["'self'"], 'no inline style elements or attributes');
  assert.deepEqual(p.get('object-src'), ["'none'"]);
  assert.deepEqual(p.get('frame-ancestors'), ["'none'"]);
  assert.equal(Object.keys(CSP_DIRECTIVES).includes('default-src'), true);
});

test('a non-loopback admin URL is refused rather than written into the policy', () => {
  assert.throws(() => desktopCsp('http://192.0.2.5:8080'), /loopback/);
  assert.throws(() => desktopCsp('https://127.0.0.1:8080'), /loopback/);
  assert.throws(() => desktopCsp('not a url'));
});
