/** Page object: the Buttons screen (key picture, key editor, templates). */
import type { Page } from 'playwright-core';

export class ButtonsPage {
  constructor(readonly page: Page) {}

  async choosePhone(macText: string): Promise<void> {
    const select = this.page.getByTestId('buttons-phone');
    const options = await select.locator('option').allTextContents();
    const label = options.find((o) => o.startsWith(macText));
    if (!label) throw new Error(`phone ${macText} not offered`);
    await select.selectOption({ label });
    await this.key(1).waitFor();
  }

  key(n: number) {
    return this.page.locator(`button.key[data-key="${n}"]`);
  }

  async setKey(n: number, k: { type: string; value?: string; label?: string }): Promise<void> {
    await this.key(n).click();
    await this.page.getByTestId('key-type').selectOption(k.type);
    await this.page.getByTestId('key-value').fill(k.value ?? '');
    if (k.label !== undefined) await this.page.getByTestId('key-label').fill(k.label);
  }

  get problems() {
    return this.page.getByTestId('key-problems-count');
  }

  get saveButton() {
    return this.page.getByTestId('save-keys');
  }

  async saveAsTemplate(name: string): Promise<void> {
    await this.page.getByTestId('template-name').fill(name);
    await this.page.getByRole('button', { name: 'Save as template' }).click();
  }

  async chooseTemplate(name: string): Promise<void> {
    const select = this.page.getByTestId('buttons-template');
    const options = await select.locator('option').allTextContents();
    const label = options.find((o) => o.startsWith(name));
    if (!label) throw new Error(`template ${name} not offered`);
    await select.selectOption({ label });
  }

  async applyToModel(): Promise<void> {
    await this.page.getByRole('radio', { name: /Every .* phone/ }).check();
    await this.page.getByTestId('apply-template').click();
  }
}
