/**
 * End to end, a full disk as the technician meets it: the built headless server (dist/server,
 * in its own process) with its data folder on a small tmpfs the test mounts (root; unmounted
 * after, always), Debian's chromium on its UI. The disk is filled for real; adding a phone in the
 * UI is refused with a message saying why and what to do, the fault banner says the disk is full
 * and what to do, and nothing of the change is saved (not in the list, not half a line in the
 * journal). Space is freed; the same form is sent again: the phone is added and the banner goes.
 * Root is required under CI=true; elsewhere without root the test skips and says why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createApiClient } from '../../shared/api/client';
import { fill, withTmpfs } from '../lab/tmpfs';
import { openApp } from './support/app';
import type { TestBrowser } from './support/browser';
import { buildServerAndRenderer, startBuiltServer } from './support/builtServer';

const macOf = (i: number) => `80:5E:C0:F0:00:${i.toString(16).padStart(2, '0').toUpperCase()}`;
const bare = (mac: string) => mac.replace(/:/g, '').toLowerCase();

/** Every line of the journal is whole JSON, and it ends with a whole line; returns its text. */
async function wholeJournal(data: string): Promise<string> {
  const text = await readFile(join(data, 'journal.ndjson'), 'utf8').catch(() => '');
  if (text === '') return text;
  assert.ok(text.endsWith('\n'), 'the journal ends with a whole line');
  for (const line of text.trimEnd().split('\n')) JSON.parse(line);
  return text;
}

test('a full disk in the UI: the change is refused with what to do, the banner says the disk is full; with space back the change succeeds and the banner goes', async (t) => {
  await withTmpfs(t, 1024, async (mount) => {
    buildServerAndRenderer();
    const data = join(mount, 'data');
    const server = await startBuiltServer(data);
    let browser: TestBrowser | undefined;
    let fillerFd: number | undefined;
    try {
      const api = createApiClient({ baseUrl: server.ready.adminUrl, token: server.ready.adminToken, fetch: fetch as never });
      const app = await openApp(server.ready);
      browser = app.browser;
      const { shell } = app;
      await shell.go('phones');
      const banner = browser.page.getByTestId('fault-banner');
      assert.equal(await banner.count(), 0, 'no banner while the disk has room');

      // Fill the disk. The journal is empty on a first start; should a page of it hold a line
      // (tmpfs hands out whole pages), phones are added until the disk refuses one.
      fillerFd = fill(join(mount, 'filler'));
      const form = browser.page.getByRole('form', { name: 'Add a phone' });
      const refusal = form.locator('.note-error');
      const added: string[] = [];
      let refused: string | undefined;
      for (let i = 1; i < 40 && !refused; i++) {
        const mac = macOf(i);
        await browser.page.getByRole('button', { name: 'Add a phone' }).click();
        await form.getByLabel('MAC address (required)').fill(mac);
        await form.getByLabel('Model').fill('T46U');
        await form.getByLabel('Site').fill('Lab');
        await form.getByRole('button', { name: 'Add phone' }).click();
        const outcome = await Promise.race([
          shell
            .toast(`Added ${mac}`)
            .first()
            .waitFor({ timeout: 15_000 })
            .then(() => 'added' as const),
          refusal.waitFor({ timeout: 15_000 }).then(() => 'refused' as const),
        ]);
        if (outcome === 'added') added.push(mac);
        else refused = mac;
      }
      assert.ok(refused, 'the full disk refused a change');
      const said = (await refusal.textContent()) ?? '';
      assert.match(said, /was not saved: the disk holding the app's data folder is full/);
      assert.match(said, /Free some space/);
      await banner.waitFor();
      assert.equal(await banner.getAttribute('data-kind'), 'disk_full');
      const bannerText = (await banner.textContent()) ?? '';
      assert.match(bannerText, /The disk is full: changes are not being saved\./);
      assert.match(bannerText, /Free some space on the disk that holds the app's data folder/);
      await shell.screenshot('40-disk-full-banner');
      // Nothing half-saved: not in the app, not in the journal, and the journal holds only whole lines.
      assert.deepEqual((await api.listPhones()).map((p) => p.mac).sort(), added.map(bare).sort());
      const journal = await wholeJournal(data);
      assert.ok(!journal.includes(bare(refused)), 'the refused phone is not in the journal');

      // Space is back: the same form, sent again, is saved, and the banner goes by itself.
      closeSync(fillerFd);
      fillerFd = undefined;
      await rm(join(mount, 'filler'));
      await form.getByRole('button', { name: 'Add phone' }).click();
      await shell.waitToast(`Added ${refused}`);
      await banner.waitFor({ state: 'detached' });
      assert.deepEqual((await api.listPhones()).map((p) => p.mac).sort(), [...added, refused].map(bare).sort());
      await wholeJournal(data);
    } finally {
      if (fillerFd !== undefined) closeSync(fillerFd);
      await browser?.close().catch(() => undefined);
      await server.stop();
    }
  });
});
