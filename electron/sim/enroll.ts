/**
 * `--enroll`: creates N phones with accounts and buttons through the admin API, as a technician
 * would, for demos, tests and benchmarks.
 */
import type { ApiClient } from '../../shared/api/client';
import { parseMac, type Mac } from '../../shared/mac';
import type { PhoneIdentity } from './virtualPhone';
import { enrollLook, vendorForIndex, type SimVendorChoice } from './vendors/profiles';

export interface EnrollOptions {
  count: number;
  /** First three octets of the generated MACs (a Yealink prefix by default). */
  macPrefix?: string;
  /** Offset of the first phone, so several runs can enroll distinct phones. */
  start?: number;
  firstExtension?: number;
  sipHost?: string;
  sipPort?: number;
  /** Passwords come from here (a test may want known ones). */
  password?: (index: number) => string;
  /** Enroll phones of this vendor (its MAC prefix, model and maker on the record), or of each vendor in turn. */
  vendor?: SimVendorChoice;
  /** Keys per phone (line key, BLF keys to the next desks, voicemail, park): 4 by default. */
  keys?: number;
}

type EnrolledButton =
  | { key: number; type: 'line'; line: 1; label: string }
  | { key: number; type: 'blf' | 'park'; value: string; label: string }
  | { key: number; type: 'voicemail'; label: string };

/** A desk's keys: its line, voicemail, park, and BLF keys watching the next desks. */
function buttonsFor(ext: string, i: number, firstExt: number, count: number, keys: number): EnrolledButton[] {
  const buttons: EnrolledButton[] = [
    { key: 1, type: 'line', line: 1, label: ext },
    { key: 2, type: 'blf', value: String(firstExt + ((i + 1) % count)), label: 'Next desk' },
    { key: 3, type: 'voicemail', label: 'Voicemail' },
    { key: 4, type: 'park', value: '700', label: 'Park' },
  ];
  for (let key = 5; key <= keys; key++) {
    buttons.push({ key, type: 'blf', value: String(firstExt + ((i + key - 3) % count)), label: `Desk ${key - 3}` });
  }
  return buttons.slice(0, Math.max(1, keys));
}

export function simulatedMac(prefix: string, index: number): Mac {
  const tail = index.toString(16).padStart(6, '0').slice(-6);
  const mac = parseMac(prefix.replace(/[^0-9a-f]/gi, '').slice(0, 6) + tail);
  if (!mac) throw new Error(`bad MAC prefix ${prefix}`);
  return mac;
}

function randomPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let out = '';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export async function enroll(api: ApiClient, options: EnrollOptions): Promise<PhoneIdentity[]> {
  const start = options.start ?? 0;
  const firstExt = options.firstExtension ?? 1000 + start;
  const settings = await api.getSettings();
  // Virtual phones run on this computer: with no SIP server set yet, loopback is where they can reach one.
  const host = options.sipHost ?? (settings.pbx.sipHost || '127.0.0.1');
  const port = options.sipPort ?? settings.pbx.sipPort;
  const phones: PhoneIdentity[] = [];
  const batch = 25;
  for (let from = 0; from < options.count; from += batch) {
    const chunk = Array.from({ length: Math.min(batch, options.count - from) }, (_, k) => from + k);
    const made = await Promise.all(
      chunk.map(async (i) => {
        const ext = String(firstExt + i);
        const account = await api.createAccount({
          body: {
            label: ext,
            displayName: `Desk ${ext}`,
            userName: ext,
            password: options.password?.(i) ?? randomPassword(),
            serverHost: host,
            serverPort: port,
            transport: 'udp',
            voicemail: '*97',
          },
        });
        const look = options.vendor ? enrollLook(vendorForIndex(options.vendor, start + i)) : undefined;
        const mac = simulatedMac(look?.macPrefix ?? options.macPrefix ?? '805ec0', start + i);
        const serial = `SIM${String(start + i).padStart(9, '0')}`;
        await api.createPhone({
          body: {
            mac,
            serial,
            model: look?.model ?? 'T46U',
            ...(look ? { vendor: look.vendor } : {}),
            site: 'Simulated site',
            lines: [{ line: 1, accountId: account.id }],
            buttons: buttonsFor(ext, i, firstExt, options.count, options.keys ?? 4),
          },
        });
        return {
          mac,
          serial,
          vendor: look?.vendor ?? '',
          model: look?.model ?? 'T46U',
          firmware: look?.firmware ?? '108.86.0.20',
        } satisfies PhoneIdentity;
      }),
    );
    phones.push(...made);
  }
  return phones;
}
