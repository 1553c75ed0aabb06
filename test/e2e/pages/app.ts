/** Page object: the shell (navigation, the live-stream badge, toasts, the confirm dialog). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENS_DIR = join(import.meta.dirname, '..', '..', '..', 'test-output', 'screens');

export type Screen = 'discover' | 'phones' | 'live' | 'accounts' | 'buttons' | 'settings' | 'security' | 'report' | 'firmware';

export class AppShell {
  constructor(readonly page: Page) {}

  /** The app's own signal that it is connected: the event stream is open. */
  async waitLive(timeout = 15_000): Promise<void> {
    await this.page.locator('[data-testid="stream-status"][data-status="open"]').waitFor({ timeout });
  }

  async go(screen: Screen): Promise<void> {
    await this.page.locator(`nav [data-nav="${screen}"]`).click();
    await this.page.locator(`main[data-route="${screen}"] h1`).first().waitFor();
  }

  toast(text: string | RegExp) {
    return this.page.locator('.toast', { hasText: text });
  }

  async waitToast(text: string | RegExp, timeout = 15_000): Promise<void> {
    await this.toast(text).first().waitFor({ timeout });
  }

  async confirm(): Promise<void> {
    const dialog = this.page.locator('dialog[open]');
    await dialog.waitFor();
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: 'detached' }).catch(() => undefined);
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENS_DIR, { recursive: true });
    const path = join(SCREENS_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}
