/** Page object: the Accounts screen (new account form, CSV import preview). */
import type { Page } from 'playwright-core';

export class AccountsPage {
  constructor(readonly page: Page) {}

  async addAccount(a: { userName: string; password: string; displayName?: string; serverHost?: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'New account' }).click();
    await this.page.getByTestId('account-userName').fill(a.userName);
    await this.page.getByTestId('account-password').fill(a.password);
    if (a.displayName) await this.page.getByTestId('account-displayName').fill(a.displayName);
    // The SIP server is pre-filled only once Settings names one (there is no default).
    const host = this.page.getByTestId('account-serverHost');
    if (a.serverHost !== undefined) await host.fill(a.serverHost);
    else if ((await host.inputValue()) === '') await host.fill('pbx.lab.test');
    await this.page.getByRole('button', { name: 'Add account' }).click();
  }

  async importFile(path: string): Promise<void> {
    await this.page.getByTestId('open-csv-import').click();
    await this.page.getByTestId('csv-file').setInputFiles(path);
    await this.summary.waitFor();
  }

  get summary() {
    return this.page.getByTestId('csv-summary');
  }

  badRows() {
    return this.page.locator('[data-testid="csv-preview"] tr[data-bad="true"]');
  }

  goodRows() {
    return this.page.locator('[data-testid="csv-preview"] tr[data-bad="false"]');
  }

  async apply(): Promise<void> {
    await this.page.getByTestId('csv-apply').click();
  }

  accountRow(userName: string) {
    return this.page.getByTestId('accounts-table').locator('[role="row"]', { hasText: userName });
  }
}
