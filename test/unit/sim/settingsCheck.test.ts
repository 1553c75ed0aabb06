/** The virtual phone's check of the site phone settings in each vendor's files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mac } from '../../../shared/mac';
import { VENDORS } from '../../../shared/vendors/registry';
import { checkSettingsView } from '../../../electron/sim/vendors/settingsCheck';
import { inputOf, SITE } from '../vendors/fixtures';

for (const plugin of VENDORS) {
  test(`${plugin.name}: a virtual phone finds the site settings it was given well-formed, and a bad one is reported`, () => {
    const input = inputOf(plugin.id, undefined, { settings: SITE });
    const mac = input.phone.mac as Mac;
    const files = new Map(plugin.servedFiles(mac, input.phone.model).map((n) => [n, plugin.fileFor(n, mac)!.render(input)]));
    const parsed = plugin.parseBack(files, mac, input.phone.model);
    assert.deepEqual(checkSettingsView(plugin.id, parsed.settings), []);
    const bad = { ...parsed.settings!, timeZone: 'Europe/Paris', adminPassword: 'pass word!' };
    const problems = checkSettingsView(plugin.id, bad);
    assert.ok(
      problems.some((p) => p.startsWith('time zone')),
      problems.join('; '),
    );
    assert.ok(
      problems.some((p) => p.includes('admin web password')),
      problems.join('; '),
    );
  });
}
