/**
 * The answer to one plug-and-play SUBSCRIBE: the provisioning URL, or null for silence. It goes
 * through the device listener's door first (lock-out, allow-list: electron/backend/device/guard),
 * for the address the SUBSCRIBE came from and for the one the NOTIFY would go to (UDP sources
 * can be forged, and the Contact names where the URL is sent). Then the RPS's own rules
 * (redirectFor): unknown MACs count as failed guesses, answers and refusals go to the audit log.
 * A SUBSCRIBE carries no serial number, so the serial check cannot apply (docs/DECISIONS.md).
 */
import type { RemoteInfo } from 'node:dgram';
import { headerText } from '../../../shared/sip/message';
import { vendorOfMac } from '../../../shared/discovery/vendor';
import type { PnpSubscribe } from '../../../shared/discovery/pnp';
import type { Context } from '../context';
import { checkAddress } from '../device/guard/door';
import { AppError } from '../errors';
import type { Caller } from '../caller';
import { PNP_WHAT, redirectFor } from '../usecases/rps';
import { audit } from '../usecases/security';

export async function answerPnp(ctx: Context, sub: PnpSubscribe, from: Pick<RemoteInfo, 'address' | 'port'>): Promise<string | null> {
  const caller: Caller = {
    ip: from.address,
    userAgent: headerText(sub.message, 'user-agent')
      .replace(/[^\x20-\x7e]/g, '')
      .slice(0, 256),
  };
  const notifyHost = sub.notifyTo?.host ?? from.address;
  for (const ip of notifyHost === from.address ? [from.address] : [from.address, notifyHost]) {
    const verdict = checkAddress(ctx, ip);
    if (verdict.ok) continue;
    audit(ctx, caller, {
      kind: 'guard',
      mac: ctx.store.state.phones.has(sub.mac) ? sub.mac : '',
      what: ip === from.address ? PNP_WHAT : `${PNP_WHAT}, answer to ${ip.slice(0, 64)}`,
      outcome: 'refused',
      status: verdict.reason === 'locked_out' ? 429 : 403,
      reason: verdict.reason,
    });
    return null;
  }
  try {
    const redirect = await redirectFor(
      ctx,
      { mac: sub.mac, model: sub.model, firmware: sub.firmware, vendor: sub.vendor || vendorOfMac(sub.mac)?.name || '', via: 'pnp' },
      caller,
    );
    return redirect.provisioningUrl;
  } catch (error) {
    if (error instanceof AppError) return null; // not assigned yet: recorded, no answer
    throw error;
  }
}
