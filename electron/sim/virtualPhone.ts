/**
 * A virtual deskphone that walks the seeds' flow for real over HTTP, as firmware would: asks the
 * RPS (steps 1-2), fetches its BootFile (3-4), follows the BootFile's `include:config` lines and
 * checks what it got (5-6). Every problem is a reason a technician can read.
 */
import { checkDefaultConfig, type CheckedConfig, type SeenAccount } from '../../shared/config/checkDefault';
import { formatMac, type Mac } from '../../shared/mac';
import { rpsRedirectSchema } from '../../shared/rps/protocol';
import { readBoot } from '../../shared/config/checkDefault';
import { pnpDiscover, type PnpBootOptions } from './pnpBoot';
import type { ParsedConfig } from '../../shared/dialects/types';
import type { VendorId } from '../../shared/vendors/common/plugin';
import { checkFirmwareView, profileFor } from './vendors/profiles';
import { checkSettingsView } from './vendors/settingsCheck';
import { firmwareFetch, type SimRequest, type SimResponse } from './httpClient';
import type { FirmwareEntry } from '../../shared/firmware/library';
import { checkImage, download, entryOfUrl, firmwareUrlIn, isNewer, type UpgradeOutcome } from './firmware';

export interface PhoneIdentity {
  mac: Mac;
  serial: string;
  vendor: string;
  model: string;
  firmware: string;
}

export interface RequestTiming {
  what: string;
  ms: number;
}

export interface ProvisionResult {
  mac: Mac;
  ok: boolean;
  reason?: string;
  provisioningUrl?: string;
  config?: CheckedConfig;
  /** With a vendor firmware profile: the vendor's files as parsed back, and their text. */
  vendorConfig?: ParsedConfig;
  /** The vendor firmware the phone played, if any. */
  vendor?: VendorId;
  files?: Map<string, string>;
  timings: RequestTiming[];
  /** The firmware upgrade the phone played before this (last) provisioning, if any. */
  upgrade?: UpgradeOutcome;
}

export class PhoneFailure extends Error {}

export interface VirtualPhoneOptions {
  rpsUrl: string;
  timeoutMs?: number;
  /** Where a plug-and-play NOTIFY or DHCP option 66 already gave the provisioning URL. */
  provisioningUrl?: string;
  /** Boot by SIP plug-and-play: learn the provisioning URL from the multicast SUBSCRIBE's NOTIFY instead of asking the RPS. */
  pnp?: PnpBootOptions;
  /** Play this vendor's firmware (its file names, User-Agent and formats) instead of the seeds' default files. */
  vendor?: VendorId;
  /** The firmware library (as the admin API lists it): a vendor phone below its target upgrades, then provisions again. */
  firmwareLibrary?: readonly FirmwareEntry[];
}

export function userAgentOf(id: PhoneIdentity): string {
  return `Yealink SIP-${id.model || 'T46U'} ${id.firmware || '108.86.0.20'} ${formatMac(id.mac).toLowerCase()}`;
}

/** The User-Agent a phone sends: its vendor firmware's, or the default dialect's Yealink-style one. */
export function userAgentFor(id: PhoneIdentity, vendor?: VendorId): string {
  return vendor ? profileFor(vendor).userAgent(id) : userAgentOf(id);
}

/** The SIP accounts a provisioned phone registers: from the default files or its vendor's. */
export function accountsToRegister(result: ProvisionResult): SeenAccount[] {
  if (result.config) return result.config.accounts;
  return (result.vendorConfig?.accounts ?? []).map((a) => ({
    line: a.line,
    userName: a.userName,
    authName: a.authName,
    password: a.password,
    server: a.server,
    port: a.port,
    transport: a.transport,
    expires: 3600,
  }));
}

export class VirtualPhone {
  readonly timings: RequestTiming[] = [];

  constructor(
    readonly id: PhoneIdentity,
    private readonly options: VirtualPhoneOptions,
  ) {}

  private userAgent(): string {
    return userAgentFor(this.id, this.options.vendor);
  }

  private async request(what: string, url: string, init: SimRequest = {}, optional = false): Promise<SimResponse> {
    const started = performance.now();
    let res: SimResponse;
    try {
      res = await firmwareFetch(url, {
        ...init,
        headers: { 'User-Agent': this.userAgent(), ...init.headers },
        timeoutMs: this.options.timeoutMs ?? 15_000,
      });
    } catch (error) {
      throw new PhoneFailure(`${what}: no answer from ${new URL(url).host} (${(error as Error).message})`);
    }
    this.timings.push({ what, ms: performance.now() - started });
    if (optional && res.status === 404) return res;
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string; hint?: string } } | null;
      const message = body?.error?.message ?? res.statusText;
      throw new PhoneFailure(`${what}: HTTP ${res.status} ${message}${body?.error?.hint ? ` (${body.error.hint})` : ''}`);
    }
    return res;
  }

  /** Steps 1 and 2: where are my files? */
  async askRps(): Promise<{ provisioningUrl: string; bootFile: string }> {
    const res = await this.request('RPS lookup', this.options.rpsUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        mac: formatMac(this.id.mac),
        serial: this.id.serial,
        model: this.id.model,
        firmware: this.id.firmware,
        vendor: this.id.vendor,
      }),
    });
    const parsed = rpsRedirectSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new PhoneFailure('RPS lookup: the answer is not a redirect');
    return { provisioningUrl: parsed.data.provisioningUrl, bootFile: parsed.data.bootFile ?? `${this.id.mac}.boot` };
  }

  /** Steps 1 and 2 by plug-and-play: SUBSCRIBE to the multicast group, the NOTIFY carries the URL. */
  async plugAndPlay(options: PnpBootOptions): Promise<string> {
    const started = performance.now();
    try {
      const url = await pnpDiscover(this.id, options);
      this.timings.push({ what: 'plug-and-play', ms: performance.now() - started });
      return url;
    } catch (error) {
      throw new PhoneFailure(`plug-and-play: ${(error as Error).message}`);
    }
  }

  /** Steps 3 to 6 as a vendor's firmware: its own file names, then its files read back and checked. */
  private async provisionAsVendor(vendor: VendorId, base: string): Promise<ProvisionResult> {
    const profile = profileFor(vendor);
    const files = await profile.fetchFiles(async (name, optional) => {
      const res = await this.request(name, new URL(name, base).href, {}, optional);
      return res.ok ? await res.text() : undefined;
    }, this.id);
    let vendorConfig: ParsedConfig;
    try {
      vendorConfig = profile.plugin.parseBack(files, this.id.mac, this.id.model);
    } catch (error) {
      throw new PhoneFailure(`${profile.plugin.name} files: ${(error as Error).message}`);
    }
    const problems = [...checkFirmwareView(vendorConfig), ...checkSettingsView(vendor, vendorConfig.settings)];
    const result = { mac: this.id.mac, provisioningUrl: base, vendor, vendorConfig, files, timings: this.timings };
    return problems.length > 0 ? { ...result, ok: false, reason: problems.join('; ') } : { ...result, ok: true };
  }

  /**
   * After provisioning: the firmware key of its files, when it names a newer image of the
   * library, is downloaded and checked; the phone "reboots" running it and provisions again.
   */
  private async upgrade(result: ProvisionResult, library: readonly FirmwareEntry[]): Promise<ProvisionResult> {
    const vendor = result.vendor as VendorId;
    const url = await firmwareUrlIn(vendor, result.files ?? new Map(), this.id.model, async (u) =>
      (await this.request('firmware status', u)).text(),
    );
    const entry = url ? entryOfUrl(url, library) : undefined;
    if (!url || !entry || !isNewer(entry.version, this.id.firmware)) return result;
    const started = performance.now();
    const got = await download(url, this.userAgent(), this.options.timeoutMs ?? 120_000).catch((error: Error) => {
      throw new PhoneFailure(`firmware download: ${error.message}`);
    });
    this.timings.push({ what: 'firmware', ms: performance.now() - started });
    const wrong = checkImage(got, entry);
    if (wrong) return { ...result, ok: false, reason: wrong };
    const from = this.id.firmware;
    this.id.firmware = entry.version;
    const again = await this.provision();
    return { ...again, upgrade: { from, to: entry.version, bytes: got.size } };
  }

  /** Steps 1 to 6. Never throws: a failure is a result with its reason. */
  async provision(): Promise<ProvisionResult> {
    try {
      const given = this.options.provisioningUrl ?? (this.options.pnp ? await this.plugAndPlay(this.options.pnp) : undefined);
      const target = given ? { provisioningUrl: given, bootFile: `${this.id.mac}.boot` } : await this.askRps();
      const base = target.provisioningUrl.endsWith('/') ? target.provisioningUrl : `${target.provisioningUrl}/`;
      if (this.options.vendor) {
        const result = await this.provisionAsVendor(this.options.vendor, base);
        return result.ok && this.options.firmwareLibrary ? await this.upgrade(result, this.options.firmwareLibrary) : result;
      }
      const bootText = await (await this.request('BootFile', new URL(target.bootFile, base).href)).text();
      let includes: string[];
      try {
        includes = readBoot(bootText).cfg.includes;
      } catch (error) {
        throw new PhoneFailure(`BootFile: ${(error as Error).message}`);
      }
      const files = new Map<string, string>();
      await Promise.all(
        includes.map(async (name) => {
          files.set(name, await (await this.request(name, new URL(name, base).href)).text());
        }),
      );
      const config = checkDefaultConfig(bootText, files);
      if (config.problems.length > 0) {
        return { mac: this.id.mac, ok: false, reason: config.problems.join('; '), provisioningUrl: base, config, timings: this.timings };
      }
      return { mac: this.id.mac, ok: true, provisioningUrl: base, config, timings: this.timings };
    } catch (error) {
      const reason = error instanceof PhoneFailure ? error.message : `unexpected: ${(error as Error).message}`;
      return { mac: this.id.mac, ok: false, reason, timings: this.timings };
    }
  }
}
