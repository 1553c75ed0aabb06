/** Debian's chromium on the app's UI, live (its event stream connected), as the technician opens it. */
import { AppShell } from '../pages/app';
import { openBrowser, type TestBrowser } from './browser';

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
