/**
 * What a phone's provisioning files are rendered from: the phone, its lines' accounts, its
 * provisioning URL and the call server. The device pipeline (pipeline/) serves the files.
 */
import type { ProvisioningInput, ResolvedLine } from '../../../shared/config/provisioningInput';
import type { Phone } from '../../../shared/domain/phone';
import type { Context } from '../context';
import { provisioningUrlOf } from './phones';
import { firmwareInputFor } from '../firmware/forPhone';
import { phoneSettingsFor } from './settings';

export function provisioningInput(ctx: Context, phone: Phone): ProvisioningInput {
  const lines: ResolvedLine[] = [];
  for (const l of [...phone.lines].sort((a, b) => a.line - b.line)) {
    const account = ctx.store.state.accounts.get(l.accountId);
    if (account) lines.push({ line: l.line, account });
  }
  const pbx = ctx.store.state.settings.pbx;
  const firmware = firmwareInputFor(ctx, phone);
  return {
    ...(firmware ? { firmware, firmwareUrl: firmware.url } : {}),
    phone,
    lines: phone.userType === 'hotdesk' ? [] : lines,
    provisioningUrl: provisioningUrlOf(ctx, phone),
    callServer: { host: pbx.sipHost, port: pbx.sipPort, transport: pbx.sipTransport },
    ...phoneSettingsFor(ctx, phone),
  };
}
