/** What a virtual phone makes of a NOTIFY's Event header: re-sync or not, reboot first or not. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readResyncEvent } from '../../../electron/sim/sip/resyncOnNotify';

test('check-sync and resync re-sync; reboot=true asks for a reboot first; anything else is ignored', () => {
  assert.deepEqual(readResyncEvent('check-sync'), { resync: true, reboot: false });
  assert.deepEqual(readResyncEvent('check-sync;reboot=false'), { resync: true, reboot: false });
  assert.deepEqual(readResyncEvent('Check-Sync; reboot=true'), { resync: true, reboot: true });
  assert.deepEqual(readResyncEvent('resync'), { resync: true, reboot: false });
  assert.deepEqual(readResyncEvent('message-summary'), { resync: false, reboot: false });
  assert.deepEqual(readResyncEvent('ua-profile;reboot=true'), { resync: false, reboot: false });
  assert.deepEqual(readResyncEvent(''), { resync: false, reboot: false });
});
