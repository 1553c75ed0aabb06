/** Page objects: Discover, Settings, Live board and Report. */
import type { Page } from 'playwright-core';

export class DiscoverPage {
  constructor(readonly page: Page) {}

  async sweep(iface: string, timeout = 90_000): Promise<void> {
    const select = this.page.getByTestId('sweep-interface');
    await select.locator(`option[value="${iface}"]`).waitFor({ state: 'attached' });
    await select.selectOption(iface);
    await this.page.getByTestId('sweep-start').click();
    await this.page.locator('[data-testid="sweep-status"][data-state="done"]').waitFor({ timeout });
  }

  async addAllNew(): Promise<void> {
    await this.page.getByTestId('add-all-found').click();
  }

  devicesRow(text: string) {
    return this.page.getByTestId('devices-table').locator('[role="row"]', { hasText: text });
  }
}

export class SettingsPage {
  constructor(readonly page: Page) {}

  async setPbx(p: {
    amiHost: string;
    amiPort: number;
    amiUser: string;
    amiSecret: string;
    sipHost: string;
    sipPort: number;
  }): Promise<void> {
    for (const [key, value] of Object.entries(p)) await this.page.getByTestId(`pbx-${key}`).fill(String(value));
    await this.page.getByTestId('pbx-save').click();
  }

  async testConnection(): Promise<string> {
    await this.page.getByTestId('pbx-test').click();
    const result = this.page.getByTestId('pbx-test-result');
    await result.waitFor({ timeout: 20_000 });
    return (await result.textContent()) ?? '';
  }

  get link() {
    return this.page.getByTestId('pbx-link');
  }
}

export class LiveBoardPage {
  constructor(readonly page: Page) {}

  /** Waits until the board's own counter shows `n` (its data-value attribute). */
  async waitCount(kind: 'registered' | 'failed' | 'waiting' | 'progress', n: number, timeout = 60_000): Promise<void> {
    await this.page.locator(`[data-testid="count-${kind}"][data-value="${n}"]`).waitFor({ timeout });
  }

  async setSite(site: string): Promise<void> {
    await this.page.getByLabel('Site').selectOption(site);
  }

  row(macText: string) {
    return this.page.getByTestId('live-table').locator('[role="row"]', { hasText: macText });
  }
}

export class ReportPage {
  constructor(readonly page: Page) {}

  get summary() {
    return this.page.getByTestId('report-summary');
  }

  rows() {
    return this.page.locator('[data-testid="report-table"] tbody tr');
  }

  async downloadCsv(): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('report-csv').click()]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    return readFile(path, 'utf8');
  }
}
