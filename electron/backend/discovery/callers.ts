/**
 * Phones that call in feed discovery: every RPS or provisioning request tells an IP and a
 * User-Agent; the User-Agent often names vendor, model, firmware and MAC. A caller that gives no
 * MAC at all is looked up in the neighbour table (only on a subnet of our own interfaces).
 */
import { cidrContains, cidrOf, ipToInt } from '../../../shared/discovery/ipv4';
import { parseUserAgent } from '../../../shared/discovery/userAgent';
import { looksLikePhone, vendorOfMac } from '../../../shared/discovery/vendor';
import type { Sighting, SightingSource } from '../../../shared/domain/inventory';
import { netmaskToPrefix } from '../../../shared/discovery/ipv4';
import type { Mac } from '../../../shared/mac';
import type { Context } from '../context';
import { recordSighting } from '../usecases/inventory';
import { rawAddresses } from './interfaces';
import { lookupMac } from './nodeArp';

export interface CallerInfo {
  ip: string;
  userAgent: string;
}

/** What the User-Agent adds to a sighting of a known MAC (empty strings left out). */
export function factsFromAgent(userAgent: string): Pick<Sighting, 'vendor' | 'model' | 'firmware'> & { mac?: Mac } {
  const facts = parseUserAgent(userAgent);
  if (!facts) return {};
  return {
    ...(facts.vendor ? { vendor: facts.vendor } : {}),
    ...(facts.model ? { model: facts.model } : {}),
    ...(facts.firmware ? { firmware: facts.firmware } : {}),
    ...(facts.mac ? { mac: facts.mac } : {}),
  };
}

/** Whether an address is on a directly connected subnet of this machine (not loopback). */
export function onOurLan(ip: string): boolean {
  const n = ipToInt(ip.replace(/^::ffff:/, ''));
  if (n === null) return false;
  return rawAddresses().some((a) => {
    if (a.internal || (a.family !== 'IPv4' && a.family !== 4)) return false;
    const prefix = netmaskToPrefix(a.netmask);
    const c = prefix === null ? null : cidrOf(a.address, prefix);
    return c !== null && cidrContains(c, n);
  });
}

/**
 * A device called in without a MAC the app could use (a bad RPS request, an unknown file name):
 * take the MAC from its User-Agent, or from the neighbour table, and record the sighting.
 * Runs in the background: never throws, never delays the answer to the device.
 */
export async function noteCaller(ctx: Context, caller: CallerInfo, source: SightingSource): Promise<void> {
  try {
    const ip = caller.ip.replace(/^::ffff:/, '');
    const facts = factsFromAgent(caller.userAgent);
    const mac = facts.mac ?? (onOurLan(ip) ? await lookupMac(ip) : null);
    if (!mac) return;
    const { mac: _m, ...rest } = facts;
    recordSighting(ctx, {
      mac,
      source,
      at: new Date().toISOString(),
      ip,
      userAgent: caller.userAgent,
      ...rest,
      vendor: rest.vendor ?? vendorOfMac(mac)?.name ?? '',
      isPhone: looksLikePhone(mac, rest.vendor),
      calledIn: !ctx.store.state.phones.has(mac),
    });
  } catch (error) {
    ctx.log.debug('could not note a caller', { error: (error as Error).message });
  }
}
