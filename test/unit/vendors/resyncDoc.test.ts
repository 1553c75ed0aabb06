/**
 * One source of truth for the resync NOTIFY: what the app sends is each vendor plugin's own
 * `resyncEvent` / `resyncRebootEvent` (shared/pbx/notify.ts reads nothing else), and docs/PROTOCOL.md's
 * vendor table says the same. Held against wazo-provd-plugins (each plugin's `synchronize()` in
 * `plugins/wazo_<vendor>/common/common.py`) and the Yealink admin guide (`sip.notify_reboot_enable`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VENDORS } from '../../../shared/vendors/registry';
import { GENERIC_RESYNC_EVENT, resyncEventFor, resyncEventsFor } from '../../../shared/pbx/notify';

/** The vendor table's last column, by vendor name: the events in backticks, in order. */
function docTable(): Map<string, string[]> {
  const text = readFileSync(join(import.meta.dirname, '../../../docs/PROTOCOL.md'), 'utf8');
  const start = text.indexOf('| vendor | boot (no secret) |');
  assert.ok(start >= 0, 'the vendor table is in docs/PROTOCOL.md');
  const rows = text.slice(start).split('\n');
  const header = (rows[0] ?? '').split('|').map((c) => c.trim());
  assert.match(header.at(-2) ?? '', /resync NOTIFY `Event:`/, 'the last column is the resync event');
  const out = new Map<string, string[]>();
  for (const row of rows.slice(2)) {
    if (!row.startsWith('|')) break;
    const cells = row.split('|').map((c) => c.trim());
    out.set(
      cells[1] ?? '',
      [...(cells.at(-2) ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string),
    );
  }
  return out;
}

test("docs/PROTOCOL.md's resync column is each plugin's events, no more, no less", () => {
  const table = docTable();
  assert.deepEqual([...table.keys()].sort(), VENDORS.map((v) => v.name).sort());
  for (const v of VENDORS) {
    assert.deepEqual(table.get(v.name), [v.resyncEvent, ...(v.resyncRebootEvent ? [v.resyncRebootEvent] : [])], v.name);
  }
});

test('the plugins hold the events their references give', () => {
  const events = Object.fromEntries(VENDORS.map((v) => [v.id, [v.resyncEvent, v.resyncRebootEvent]]));
  // wazo_yealink: standard_sip_synchronize() default; Yealink admin guide: reboot=true reboots.
  assert.deepEqual(events['yealink'], ['check-sync', 'check-sync;reboot=true']);
  // wazo_snom common (desk phones) and common_dect.
  assert.deepEqual(events['snom'], ['check-sync;reboot=false', 'check-sync;reboot=true']);
  // wazo_polycom, wazo_grandstream, wazo_fanvil: standard_sip_synchronize() default, one event.
  for (const id of ['poly', 'grandstream', 'fanvil']) assert.deepEqual(events[id], ['check-sync', undefined], id);
});

test("what is sent comes from the phone record's maker only; no vendor gets the generic event", () => {
  assert.equal(resyncEventFor({ vendor: 'Snom' }, false), 'check-sync;reboot=false');
  assert.equal(resyncEventFor({ vendor: 'snom' }, true), 'check-sync;reboot=true');
  assert.equal(resyncEventFor({ vendor: 'Polycom' }, false), 'check-sync');
  assert.equal(resyncEventFor({ vendor: 'Poly' }, true), undefined, 'no reboot variant: the caller says so');
  assert.deepEqual(resyncEventsFor({ vendor: '' }), { resync: GENERIC_RESYNC_EVENT });
  assert.deepEqual(resyncEventsFor({ vendor: 'Acme Phones' }), { resync: 'check-sync' });
  assert.equal(resyncEventFor({ vendor: '' }, true), undefined);
});
