/**
 * The answer to one plug-and-play SUBSCRIBE: the provisioning URL, or null for silence. The
 * SUBSCRIBE goes through the device pipeline (pipeline/pipeline.ts) like an RPS lookup: the door
 * for the address it came from and the one the NOTIFY would go to (UDP sources can be forged, and
 * the Contact names where the URL is sent), then the RPS's own rules: unknown MACs count as failed
 * guesses, answers and refusals go to the audit log. A SUBSCRIBE carries no serial number, so the
 * serial check cannot apply (docs/DECISIONS.md).
 */
import type { RemoteInfo } from 'node:dgram';
import { headerText } from '../../../shared/sip/message';
import { vendorOfMac } from '../../../shared/discovery/vendor';
import type { PnpSubscribe } from '../../../shared/discovery/pnp';
import type { Context } from '../context';
import { serve } from '../pipeline/pipeline';

export async function answerPnp(ctx: Context, sub: PnpSubscribe, from: Pick<RemoteInfo, 'address' | 'port'>): Promise<string | null> {
  const caller = {
    ip: from.address,
    userAgent: headerText(sub.message, 'user-agent')
      .replace(/[^\x20-\x7e]/g, '')
      .slice(0, 256),
  };
  const answer = await serve(ctx, {
    caller,
    method: 'SUBSCRIBE',
    url: '',
    path: '',
    ask: {
      kind: 'pnp',
      mac: sub.mac,
      model: sub.model,
      firmware: sub.firmware,
      vendor: sub.vendor || vendorOfMac(sub.mac)?.name || '',
      notifyHost: sub.notifyTo?.host ?? from.address,
    },
  });
  // Refused or not assigned yet: recorded, no answer.
  return answer.status === 200 ? answer.body.toString('utf8') : null;
}
