/**
 * `simulate --register`: after steps 1 to 6, every phone that got its configuration registers each
 * account with the SIP server its ACC.cfg names (step 7), stays registered (refreshing) for
 * `--hold` seconds or until Ctrl-C, then un-registers. A refused line prints the SIP status it got.
 * A NOTIFY check-sync from the PBX makes that phone fetch its configuration again from its
 * provisioning URL and register again, as firmware does (sim/sip/resyncOnNotify.ts).
 */
import { formatMac, type Mac } from '../../../shared/mac';
import type { RunSummary } from '../runner';
import { accountsToRegister, userAgentFor, type PhoneIdentity, type VirtualPhoneOptions } from '../virtualPhone';
import { readResyncEvent, ResyncOnNotify } from './resyncOnNotify';
import { RegisteredPhones } from './registerPhones';
import { sourceAddressFor } from './sourceAddress';
import type { AnswerMode } from './answer';

export interface RegisterCliOptions {
  /** Seconds to stay registered; undefined: until SIGINT/SIGTERM. */
  holdSeconds?: number;
  json: boolean;
  phoneOptions: VirtualPhoneOptions;
  write?: (line: string) => void;
  /** How the registered phones take calls (a desk-check walk rings them); none: INVITE gets 480. */
  answer?: AnswerMode;
}

export async function registerAfterProvisioning(
  summary: RunSummary,
  phones: readonly PhoneIdentity[],
  options: RegisterCliOptions,
): Promise<number> {
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const byMac = new Map(phones.map((p) => [p.mac as string, p]));
  const registered = new RegisteredPhones();
  const ready = summary.results.filter((r) => r.ok && (r.config || r.vendorConfig));
  // Phones send from the address that reaches their SIP server (inside a lab namespace: its own LAN
  // address, not loopback). All phones of one run share this host, so the first line's server decides.
  const first = ready.map((r) => accountsToRegister(r)[0]).find((a) => a !== undefined);
  const localAddress = first ? await sourceAddressFor(first.server, first.port) : undefined;
  // A NOTIFY check-sync: the phone fetches its files again from its provisioning URL, then registers again.
  const resync = new ResyncOnNotify(registered, {
    rpsUrl: options.phoneOptions.rpsUrl,
    ...(options.phoneOptions.timeoutMs ? { timeoutMs: options.phoneOptions.timeoutMs } : {}),
    onResync: (r) =>
      write(
        `${formatMac(r.mac as Mac)} re-provisioned: ${r.result.ok ? 'ok' : r.result.reason}; registered again: ${r.registered.every((o) => o.ok)}`,
      ),
  });
  for (const r of ready) {
    const id = byMac.get(r.mac) as PhoneIdentity;
    resync.add({ id, provisioningUrl: r.provisioningUrl as string, ...(r.vendor ? { vendor: r.vendor } : {}) });
  }
  const outcomes = await registered.registerAll(
    ready.map((r) => {
      const id = byMac.get(r.mac) as PhoneIdentity;
      return { mac: r.mac, userAgent: userAgentFor(id, r.vendor), accounts: accountsToRegister(r) };
    }),
    {
      ...(localAddress ? { localAddress } : {}),
      ...(options.answer ? { answer: () => options.answer } : {}),
      onNotify: (mac, event) => {
        if (!readResyncEvent(event).resync || !byMac.has(mac)) return;
        write(`NOTIFY ${event} for ${formatMac(mac as Mac)}: fetching the configuration again`);
        resync.onNotify(mac, event);
      },
    },
  );
  let failed = 0;
  for (const o of outcomes) {
    const mac = formatMac(o.mac as Mac);
    if (options.json) {
      write(
        JSON.stringify({
          mac,
          line: o.line,
          account: o.userName,
          registered: o.outcome.ok,
          ...(o.outcome.ok ? {} : { status: o.outcome.status, reason: o.outcome.reason }),
        }),
      );
    } else if (!o.outcome.ok) {
      write(
        `REGISTER FAIL ${mac} line ${o.line} (${o.userName}): ${o.outcome.status ? `SIP ${o.outcome.status}, ` : ''}${o.outcome.reason}`,
      );
    }
    if (!o.outcome.ok) failed++;
  }
  write(`${outcomes.length - failed} line(s) registered, ${failed} refused`);
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (options.holdSeconds !== undefined) setTimeout(done, options.holdSeconds * 1000);
    else write('registered; press Ctrl-C to un-register and exit');
  });
  await registered.closeAll();
  write('un-registered');
  return failed === 0 ? 0 : 1;
}
