/**
 * The SIP NOTIFY event that makes a registered phone re-fetch its files, sent through Asterisk
 * with the AMI action PJSIPNotify. One source of truth: the phone's vendor plugin
 * (`resyncEvent`, `resyncRebootEvent` in shared/vendors/<vendor>/index.ts), picked by the maker on
 * the phone's record. A phone of no known maker gets the generic `check-sync` (wazo-provd's
 * `standard_sip_synchronize` default). Nothing is guessed from a User-Agent.
 */
import type { VendorPlugin } from '../vendors/common/plugin';
import { vendorByName } from '../vendors/registry';

/** What a phone with no vendor plugin is sent. */
export const GENERIC_RESYNC_EVENT = 'check-sync';

export interface ResyncEvents {
  /** Re-fetch the files, no reboot asked for. */
  resync: string;
  /** Reboot, then re-fetch; absent when the vendor has only one event. */
  reboot?: string;
  /** The plugin the events come from, or undefined for the generic event. */
  vendor?: VendorPlugin['id'];
}

export function resyncEventsOf(plugin: Pick<VendorPlugin, 'id' | 'resyncEvent' | 'resyncRebootEvent'> | undefined): ResyncEvents {
  if (!plugin) return { resync: GENERIC_RESYNC_EVENT };
  return { resync: plugin.resyncEvent, vendor: plugin.id, ...(plugin.resyncRebootEvent ? { reboot: plugin.resyncRebootEvent } : {}) };
}

/** The events for a phone, by the maker on its record ('' or an unknown maker: the generic event). */
export function resyncEventsFor(phone: { vendor: string }): ResyncEvents {
  return resyncEventsOf(vendorByName(phone.vendor));
}

/** The event to send, or undefined when a reboot is asked for and the vendor has no such event. */
export function resyncEventFor(phone: { vendor: string }, reboot: boolean): string | undefined {
  const events = resyncEventsFor(phone);
  return reboot ? events.reboot : events.resync;
}
