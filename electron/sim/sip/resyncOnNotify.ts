/**
 * What a deskphone does with a NOTIFY `check-sync` from its PBX: fetch its files again from the
 * provisioning URL it was given (its vendor's file walk), then register its lines again. With
 * `reboot=true` it un-registers first, as a phone that reboots does; without, it re-sends its
 * REGISTER once the new files are in (deskphones re-register after a re-sync that touched their
 * account; a refresh is the visible, harmless part of that). Other NOTIFY events are ignored.
 */
import type { VendorId } from '../../../shared/vendors/common/plugin';
import { VirtualPhone, type PhoneIdentity, type ProvisionResult } from '../virtualPhone';
import type { RegisterOutcome } from './registration';
import type { RegisteredPhones } from './registerPhones';

export interface ResyncTarget {
  id: PhoneIdentity;
  /** The base URL the phone fetched its files from (its RPS answer). */
  provisioningUrl: string;
  /** The vendor firmware the phone plays; none: the seeds' default files. */
  vendor?: VendorId;
}

export interface ResyncReport {
  mac: string;
  event: string;
  reboot: boolean;
  result: ProvisionResult;
  registered: RegisterOutcome[];
}

export interface ResyncOptions {
  rpsUrl: string;
  timeoutMs?: number;
  onResync?: (report: ResyncReport) => void;
}

/** Whether a NOTIFY `Event:` asks for a re-sync, and whether it asks for a reboot first. */
export function readResyncEvent(event: string): { resync: boolean; reboot: boolean } {
  const [name = '', ...params] = event.split(';').map((s) => s.trim().toLowerCase());
  const resync = name === 'check-sync' || name === 'resync';
  return { resync, reboot: resync && params.includes('reboot=true') };
}

export class ResyncOnNotify {
  private readonly targets = new Map<string, ResyncTarget>();
  private readonly busy = new Set<string>();
  readonly reports: ResyncReport[] = [];

  constructor(
    private readonly registered: RegisteredPhones,
    private readonly options: ResyncOptions,
  ) {}

  add(target: ResyncTarget): void {
    this.targets.set(target.id.mac, target);
  }

  /** Pass as `onNotify` to `RegisteredPhones.registerAll`. */
  readonly onNotify = (mac: string, event: string): void => {
    void this.handle(mac, event);
  };

  async handle(mac: string, event: string): Promise<ResyncReport | undefined> {
    const { resync, reboot } = readResyncEvent(event);
    const target = this.targets.get(mac);
    // One NOTIFY per line may arrive; a phone already re-syncing does not start again.
    if (!resync || !target || this.busy.has(mac)) return undefined;
    this.busy.add(mac);
    try {
      const lines = this.registered.registrations.filter((r) => r.mac === mac);
      if (reboot) await Promise.all(lines.map((l) => l.reg.unregister()));
      const result = await new VirtualPhone(target.id, {
        rpsUrl: this.options.rpsUrl,
        provisioningUrl: target.provisioningUrl,
        ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
        ...(target.vendor ? { vendor: target.vendor } : {}),
      }).provision();
      const registered = await Promise.all(lines.map((l) => l.reg.register()));
      const report = { mac, event, reboot, result, registered };
      this.reports.push(report);
      this.options.onResync?.(report);
      return report;
    } finally {
      this.busy.delete(mac);
    }
  }
}
