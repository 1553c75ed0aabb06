import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  contentTypeFor,
  resolveAppPath,
  serveAppRequest,
} from '../../../electron/desktop/appProtocol';
import { isAppUrl } from '../../../electron/desktop/navigation';

const root = join(tmpdir(), 'dp-renderer-root');

test('app:// URLs map to files inside the renderer folder; routes get index.html', () => {
  assert.equal(isAppUrl(APP_ENTRY_URL), true);
  assert.equal(resolveAppPath('app://deskphone/index.html', root), join(root, 'index.html'));
  assert.equal(resolveAppPath('app://deskphone/', root), join(root, 'index.html'));
  assert.equal(resolveAppPath('app://deskphone', root), join(root, 'index.html'));
  assert.equal(resolveAppPath('app://deskphone/phones/00155d', root), join(root, 'index.html'));
  assert.equal(resolveAppPath('app://deskphone/assets/index-abc.js?v=1#x', root), join(root, 'assets', 'index-abc.js'));
  assert.equal(resolveAppPath('app://deskphone/assets/a%20b.css', root), join(root, 'assets', 'a b.css'));
});

test('nothing outside the renderer folder or on another host is served', () => {
  // The URL parser already folds dot segments, plain or %2e-encoded (app://deskphone/../x is /x).
  assert.equal(resolveAppPath('app://deskphone/../secret.key', root), join(root, 'secret.key'));
  for (const url of [
    'app://deskphone/%2e%2e/secret.key',
    'app://deskphone/assets/%2e%2e/%2e%2e/secret.key',
    'app://deskphone/..%2f..%2fsecret.key',
    'app://deskphone/..%5c..%5csecret.key',
    'app://deskphone/a%00.js',
    'app://deskphone/%E0%A4%A',
    'app://evil/index.html',
    'app://deskphone:99/index.html',
    'http://deskphone/index.html',
    'file:///etc/passwd',
  ]) {
    const resolved = resolveAppPath(url, root);
    assert.ok(resolved === undefined || resolved.startsWith(root + '/'), `${url} -> ${resolved}`);
    if (!url.includes('/%2e%2e/')) assert.equal(resolved, undefined, url);
  }
});

test('content types for what vite emits', () => {
  assert.equal(contentTypeFor('/x/index.html'), 'text/html; charset=utf-8');
  assert.equal(contentTypeFor('/x/a.JS'), 'text/javascript; charset=utf-8');
  assert.equal(contentTypeFor('/x/a.css'), 'text/css; charset=utf-8');
  assert.equal(contentTypeFor('/x/a.svg'), 'image/svg+xml');
  assert.equal(contentTypeFor('/x/a.bin'), 'application/octet-stream');
});

test('the scheme is standard and secure, without CSP bypass or service workers', () => {
  assert.equal(APP_SCHEME_PRIVILEGES.standard, true);
  assert.equal(APP_SCHEME_PRIVILEGES.secure, true);
  assert.equal(APP_SCHEME_PRIVILEGES.bypassCSP, false);
  assert.equal(APP_SCHEME_PRIVILEGES.allowServiceWorkers, false);
});

test('serving: files from disk with the CSP and no caching; 404 outside; GET and HEAD only', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-app-'));
  try {
    const rendererDir = join(dir, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(join(rendererDir, 'assets', 'main.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.key'), 'do not serve');
    const opts = { rootDir: rendererDir, csp: "default-src 'self'" };

    const page = await serveAppRequest({ url: 'app://deskphone/index.html', method: 'GET' }, opts);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('content-security-policy'), "default-src 'self'");
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.match(await page.text(), /<title>x<\/title>/);

    const js = await serveAppRequest({ url: 'app://deskphone/assets/main.js', method: 'GET' }, opts);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await js.text(), 'console.log(1)');

    const route = await serveAppRequest({ url: 'app://deskphone/phones', method: 'GET' }, opts);
    assert.match(await route.text(), /<title>x/);

    const escape = await serveAppRequest({ url: 'app://deskphone/%2e%2e/secret.key', method: 'GET' }, opts);
    assert.equal(escape.status, 404);
    assert.doesNotMatch(await escape.text(), /do not serve/);

    const missing = await serveAppRequest({ url: 'app://deskphone/assets/nope.js', method: 'GET' }, opts);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-security-policy'), "default-src 'self'");

    const post = await serveAppRequest({ url: 'app://deskphone/index.html', method: 'POST' }, opts);
    assert.equal(post.status, 405);
    const head = await serveAppRequest({ url: 'app://deskphone/index.html', method: 'HEAD' }, opts);
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
