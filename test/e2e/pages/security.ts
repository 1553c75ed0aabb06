/** Page object: the Security screen (protections, audit log, lock-outs, HTTPS certificate). */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

export type SecurityTab = 'Protections' | 'Audit log' | 'Lock-outs' | 'HTTPS certificate';

export class SecurityPage {
  constructor(readonly page: Page) {}

  async tab(name: SecurityTab): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
    await this.page.getByRole('tabpanel', { name }).waitFor();
  }

  control(name: string) {
    return this.page.getByTestId(`sec-${name}`);
  }

  help(name: string) {
    return this.page.getByTestId(`help-${name}`);
  }

  /** Saves the form and waits for the PATCH's answer; returns its status. */
  async save(): Promise<number> {
    const answer = this.page.waitForResponse((r) => r.url().endsWith('/api/v1/settings') && r.request().method() === 'PATCH');
    await this.page.getByTestId('security-save').click();
    return (await answer).status();
  }

  get error() {
    return this.page.getByTestId('security-error');
  }

  credentialRow(i: number) {
    return this.page.getByTestId(`cred-row-${i}`);
  }

  async addCredentials(site: string, username: string, password: string): Promise<void> {
    const before = await this.page.locator('[data-testid^="cred-row-"]').count();
    await this.page.getByTestId('cred-add').click();
    const n = before + 1;
    await this.page.getByLabel(`Row ${n} site`, { exact: true }).fill(site);
    await this.page.getByLabel(`Row ${n} user name`, { exact: true }).fill(username);
    await this.page.getByLabel(`Row ${n} password`, { exact: true }).fill(password);
  }

  get auditTable() {
    return this.page.getByTestId('audit-table');
  }

  auditRows() {
    return this.auditTable.locator('.vt-body [role="row"]');
  }

  /** Waits until the viewer shows `n` rows (its own count). */
  async waitAuditShown(n: number, timeout = 10_000): Promise<void> {
    await this.page.locator(`[data-testid="audit-count"][data-shown="${n}"]`).waitFor({ timeout });
  }

  async download(testId: string): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(testId).click()]);
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  }
}
