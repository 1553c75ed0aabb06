/** Page object: the Phones screen (table, filters, the phone panel, the add form). */
import type { Page } from 'playwright-core';

export class PhonesPage {
  constructor(readonly page: Page) {}

  get table() {
    return this.page.getByTestId('phones-table');
  }

  row(macText: string) {
    return this.table.locator('[role="row"]', { hasText: macText });
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('phones-search').fill(text);
  }

  /** Waits until the count above the table reads `text` ("10 of 30 phones"). */
  async waitForCount(text: RegExp): Promise<void> {
    await this.page.getByTestId('phones-count').filter({ hasText: text }).waitFor();
  }

  async countText(): Promise<string> {
    return (await this.page.getByTestId('phones-count').textContent()) ?? '';
  }

  async addPhone(fields: { mac: string; model?: string; site?: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'Add a phone' }).click();
    const form = this.page.getByRole('form', { name: 'Add a phone' });
    await form.getByLabel('MAC address (required)').fill(fields.mac);
    if (fields.model) await form.getByLabel('Model').fill(fields.model);
    if (fields.site) await form.getByLabel('Site').fill(fields.site);
    await form.getByRole('button', { name: 'Add phone' }).click();
    await this.panel.waitFor();
  }

  get panel() {
    return this.page.getByTestId('phone-panel');
  }

  async open(macText: string): Promise<void> {
    await this.page.getByRole('button', { name: `Open phone ${macText}` }).click();
    await this.panel.locator('h2', { hasText: macText }).waitFor();
  }

  async assignLine(line: number, accountLabel: string | RegExp): Promise<void> {
    const select = this.panel.getByTestId(`line-${line}-account`);
    const options = await select.locator('option').allTextContents();
    const label = options.find((o) => (typeof accountLabel === 'string' ? o.includes(accountLabel) : accountLabel.test(o)));
    if (!label) throw new Error(`no account option matching ${accountLabel} in ${options.join(' | ')}`);
    await select.selectOption({ label });
    await this.panel.getByRole('button', { name: 'Save phone' }).click();
  }
}
