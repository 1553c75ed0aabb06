/**
 * End to end, the UI under its Content-Security-Policy without 'unsafe-inline' styles: the real
 * backend as headless mode starts it, the production renderer build, Debian's chromium. Every
 * screen is opened and the page reports no CSP violation; React's style={} props (CSSOM, not
 * governed by style-src) still apply. A control shows a violation is seen when there is one.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRenderer } from './support/renderer';
import { openBrowser, type TestBrowser } from './support/browser';
import { startHeadless, type Headless } from './support/headless';
import { AppShell, type Screen } from './pages/app';

let server: Headless;
let browser: TestBrowser;
let shell: AppShell;
const consoleCsp: string[] = [];

declare global {
  interface Window {
    __cspViolations: string[];
  }
}

before(async () => {
  buildRenderer();
  server = await startHeadless();
  browser = await openBrowser();
  shell = new AppShell(browser.page);
  // Playwright's init scripts run outside the page's CSP; this one only records what the page reports.
  await browser.page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(
        `${e.violatedDirective} ${e.blockedURI} ${e.sample} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      ),
    );
  });
  browser.page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) consoleCsp.push(m.text());
  });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

const violations = () => browser.page.evaluate(() => [...window.__cspViolations]);

test('the policy has no inline styles, and every screen renders without a CSP violation', async () => {
  const res = await fetch(server.uiUrl);
  const csp = res.headers.get('content-security-policy') ?? '';
  await res.arrayBuffer();
  assert.match(csp, /style-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline/);

  await browser.page.goto(server.uiUrl);
  await shell.waitLive();
  // Every screen the navigation offers, so a new screen is checked without editing this test.
  const screens = (await browser.page
    .locator('nav [data-nav]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')))) as Screen[];
  assert.ok(screens.length >= 9, screens.join(', '));
  let styled = 0;
  for (const screen of screens) {
    await shell.go(screen);
    styled += await browser.page.locator('[style]').count();
    assert.deepEqual(await violations(), [], `no violation on ${screen}`);
  }
  assert.deepEqual(consoleCsp, []);
  assert.ok(styled > 0, 'some screen uses React style props');
});

test("React's style props apply under the policy", async () => {
  await shell.go('buttons');
  const el = browser.page.locator('[style]').first();
  await el.waitFor();
  const [inline, applied] = await el.evaluate((node) => {
    const s = (node as HTMLElement).style;
    const name = s.item(0);
    return [s.getPropertyValue(name), getComputedStyle(node).getPropertyValue(name)];
  });
  assert.notEqual(inline, '');
  assert.notEqual(applied, '');
  assert.deepEqual(await violations(), []);
});

test('control: an inline style element is blocked and reported', async () => {
  await browser.page.evaluate(() => {
    const s = document.createElement('style');
    s.textContent = 'body { background: red }';
    document.head.append(s);
  });
  await browser.page.waitForFunction(() => window.__cspViolations.length > 0);
  const seen = await violations();
  assert.ok(
    seen.some((v) => v.startsWith('style-src')),
    seen.join('\n'),
  );
  const bg = await browser.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bg, 'rgb(255, 0, 0)');
});
