/** Debian's chromium on the app's UI, live (its event stream connected), as the technician opens it. */
import { AppShell } from '../pages/app';
import { openBrowser, type TestBrowser } from './browser';
import { startHeadless, type Headless } from './headless';
import { buildRenderer } from './renderer';

export async function openApp(
  server: { uiUrl: string },
  viewport?: { width: number; height: number },
): Promise<{ browser: TestBrowser; shell: AppShell }> {
  const browser = await openBrowser(viewport);
  const shell = new AppShell(browser.page);
  await browser.page.goto(server.uiUrl);
  await shell.waitLive();
  return { browser, shell };
}

/**
 * The renderer built as it ships, headless mode started, and the UI open in chromium; `prepare`
 * runs against the server before the page opens (settings, phones the page should find).
 */
export async function startUi(
  options: { viewport?: { width: number; height: number }; prepare?: (server: Headless) => Promise<void> } = {},
): Promise<{ server: Headless; browser: TestBrowser; shell: AppShell }> {
  buildRenderer();
  const server = await startHeadless();
  await options.prepare?.(server);
  return { server, ...(await openApp(server, options.viewport)) };
}

/** Closes what `startUi` (or a test's own set-up) opened, whichever parts got opened. */
export async function stopUi(ui: { browser?: TestBrowser | undefined; server?: Headless | undefined }): Promise<void> {
  await ui.browser?.close().catch(() => undefined);
  await ui.server?.stop();
}
