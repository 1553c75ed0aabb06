/** Runs many virtual phones at once and sums up what happened. */
import type { FirmwareEntry } from '../../shared/firmware/library';
import type { PnpBootOptions } from './pnpBoot';
import { simVendorOf, type SimVendorChoice } from './vendors/profiles';
import { VirtualPhone, type PhoneIdentity, type ProvisionResult } from './virtualPhone';

export interface RunOptions {
  rpsUrl: string;
  concurrency?: number;
  timeoutMs?: number;
  /** Boot by SIP plug-and-play instead of asking the RPS. */
  pnp?: PnpBootOptions;
  /** Play vendor firmware: one vendor, or `mixed` (each phone's recorded maker, else the vendors in turn). */
  vendor?: SimVendorChoice;
  /** The firmware library: vendor phones below their target upgrade and provision again (electron/sim/firmware.ts). */
  firmwareLibrary?: readonly FirmwareEntry[];
}

export interface RunSummary {
  results: ProvisionResult[];
  passed: number;
  failed: number;
  wallMs: number;
  /** Every request's latency, in milliseconds. */
  latencies: number[];
}

export async function runPhones(phones: readonly PhoneIdentity[], options: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  const results: ProvisionResult[] = new Array(phones.length);
  let next = 0;
  const worker = async () => {
    while (next < phones.length) {
      const i = next++;
      const phone = new VirtualPhone(phones[i] as PhoneIdentity, {
        rpsUrl: options.rpsUrl,
        timeoutMs: options.timeoutMs,
        ...(options.pnp ? { pnp: options.pnp } : {}),
        ...(options.vendor ? { vendor: simVendorOf(options.vendor, phones[i] as PhoneIdentity, i) } : {}),
        ...(options.firmwareLibrary ? { firmwareLibrary: options.firmwareLibrary } : {}),
      });
      results[i] = await phone.provision();
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? phones.length, phones.length));
  await Promise.all(Array.from({ length: width }, worker));
  const passed = results.filter((r) => r.ok).length;
  return {
    results,
    passed,
    failed: results.length - passed,
    wallMs: performance.now() - started,
    latencies: results.flatMap((r) => r.timings.map((t) => t.ms)),
  };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
