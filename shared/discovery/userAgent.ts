/**
 * What a phone's User-Agent (HTTP provisioning requests, SIP User-Agent / Server headers) says
 * about it: vendor, model, firmware and, for some vendors, its MAC (FORMATS section 1).
 *
 *   Yealink SIP-T46G 28.72.0.1 00:15:65:4a:a9:37
 *   Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872
 *   FileTransport PolycomVVX-VVX_410-UA/5.9.0.9373
 *   Mozilla/4.0 (compatible; Snom M900 05.20.0001 000413b60680)      snomD785/10.1.54.13
 *   Fanvil X5U-V2 2.12.1 0c383e112233
 */
import { parseMac, type Mac } from '../mac';

export interface DeviceFacts {
  vendor: string;
  model: string;
  firmware: string;
  mac?: Mac;
}

const MAC_TOKEN = '([0-9a-f]{2}(?::[0-9a-f]{2}){5}|[0-9a-f]{12})';
const VERSION = '(\\d+(?:\\.\\d+)+)';

interface Rule {
  vendor: string;
  pattern: RegExp;
  /** Capture group numbers for model, firmware and MAC (0 when the pattern has none). */
  groups: [model: number, firmware: number, mac: number];
  model?: (raw: string) => string;
}

const RULES: readonly Rule[] = [
  {
    vendor: 'Yealink',
    pattern: new RegExp(`\\bYealink\\s+(?:SIP[- ]?)?([A-Za-z0-9][A-Za-z0-9_-]*)\\s+${VERSION}(?:\\s+${MAC_TOKEN})?`, 'i'),
    groups: [1, 2, 3],
  },
  {
    vendor: 'Grandstream',
    pattern: new RegExp(`\\bGrandstream\\s+Model\\s+HW\\s+(\\S+)\\s+SW\\s+${VERSION}(?:\\s+DevId\\s+${MAC_TOKEN})?`, 'i'),
    groups: [1, 2, 3],
  },
  { vendor: 'Grandstream', pattern: new RegExp(`\\bGrandstream\\s+([A-Z]{2,}[A-Za-z0-9-]*)\\s+${VERSION}`, 'i'), groups: [1, 2, 0] },
  {
    vendor: 'Poly',
    pattern: new RegExp(`\\bPolycom[A-Za-z]*-([A-Za-z0-9_]+)-UA\\/${VERSION}`, 'i'),
    groups: [1, 2, 0],
    model: (raw) => raw.replace(/_/g, ' '),
  },
  {
    vendor: 'Snom',
    pattern: new RegExp(`\\bsnom[ -]?([A-Z]*\\d+[A-Za-z0-9]*)(?:[/ ]|-SIP\\s+)${VERSION}(?:\\s+${MAC_TOKEN})?`, 'i'),
    groups: [1, 2, 3],
    model: (raw) => raw.toUpperCase(),
  },
  {
    vendor: 'Fanvil',
    pattern: new RegExp(`\\bFanvil\\s+([A-Za-z0-9][A-Za-z0-9_-]*)\\s+${VERSION}(?:\\s+${MAC_TOKEN})?`, 'i'),
    groups: [1, 2, 3],
  },
  {
    vendor: 'Htek',
    pattern: new RegExp(`\\bHtek\\s+([A-Za-z0-9][A-Za-z0-9_-]*)\\s+${VERSION}(?:\\s+${MAC_TOKEN})?`, 'i'),
    groups: [1, 2, 3],
  },
  { vendor: 'Obihai', pattern: new RegExp(`\\bOBIHAI\\/(OBi[A-Za-z0-9]+)-${VERSION}`, 'i'), groups: [1, 2, 0] },
  { vendor: 'Mitel', pattern: new RegExp(`\\b(?:Aastra|Mitel)\\s+([A-Za-z0-9]+)\\/${VERSION}`, 'i'), groups: [1, 2, 0] },
  { vendor: 'Gigaset', pattern: new RegExp(`\\bGigaset\\s+([A-Za-z0-9][A-Za-z0-9 -]*?)\\/${VERSION}`, 'i'), groups: [1, 2, 0] },
  { vendor: 'Cisco', pattern: new RegExp(`\\bCisco\\/(SPA[A-Za-z0-9]+|CP-?[A-Za-z0-9-]+)-${VERSION}`, 'i'), groups: [1, 2, 0] },
];

/** Vendor names alone, for agents that give no model (`Yealink`, `Polycom`, ...). */
const VENDOR_ONLY: readonly [RegExp, string][] = [
  [/\byealink\b/i, 'Yealink'],
  [/\bpolycom|\bpoly\b/i, 'Poly'],
  [/\bgrandstream\b/i, 'Grandstream'],
  [/\bsnom/i, 'Snom'],
  [/\bfanvil\b/i, 'Fanvil'],
  [/\bhtek\b/i, 'Htek'],
  [/\bobihai\b/i, 'Obihai'],
  [/\b(aastra|mitel)\b/i, 'Mitel'],
  [/\bgigaset\b/i, 'Gigaset'],
];

function macOf(raw: string | undefined): Mac | undefined {
  if (!raw) return undefined;
  const mac = parseMac(raw);
  return mac && mac !== '000000000000' ? mac : undefined;
}

/** Facts from a User-Agent or SIP Server header; null when it names no phone maker we know. */
export function parseUserAgent(userAgent: string): DeviceFacts | null {
  const ua = userAgent.slice(0, 512);
  for (const rule of RULES) {
    const m = rule.pattern.exec(ua);
    if (!m) continue;
    const [mi, fi, ai] = rule.groups;
    const rawModel = m[mi] ?? '';
    const facts: DeviceFacts = {
      vendor: rule.vendor,
      model: (rule.model ? rule.model(rawModel) : rawModel).slice(0, 64),
      firmware: (fi ? (m[fi] ?? '') : '').slice(0, 64),
    };
    const mac = ai ? macOf(m[ai]) : undefined;
    if (mac) facts.mac = mac;
    return facts;
  }
  for (const [pattern, vendor] of VENDOR_ONLY) if (pattern.test(ua)) return { vendor, model: '', firmware: '' };
  return null;
}
