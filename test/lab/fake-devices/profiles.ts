/**
 * What each kind of device in the lab answers: phones answer SIP OPTIONS with their vendor's
 * User-Agent and serve a web page like their vendor's; non-phones answer like what they are
 * (a printer's page, an access point's, or nothing). `expected` is what discovery should report.
 */
export interface HttpBehaviour {
  status: number;
  server?: string;
  realm?: string;
  body?: string;
}

export interface DeviceProfile {
  label: string;
  /** Six hex digits, a real prefix of the maker. */
  ouiPrefix: string;
  isPhone: boolean;
  /** User-Agent in the answer to OPTIONS; none: the device ignores SIP. */
  sipAgent?: string;
  /** Put the User-Agent in a Server header instead (some phones do). */
  sipServerHeader?: boolean;
  http?: HttpBehaviour;
  expected: { vendor: string; model: string; firmware: string };
}

const page = (title: string, extra = '') =>
  `<!DOCTYPE html><html><head><title>${title}</title></head><body><form>${extra}<input name="username"><input type="password" name="pwd"></form></body></html>`;

/** Phone profiles, per vendor; the MAC is appended to agents that carry it. */
export const PHONES: readonly DeviceProfile[] = [
  {
    label: 'Yealink T46U',
    ouiPrefix: '805EC0',
    isPhone: true,
    sipAgent: 'Yealink SIP-T46U 108.86.0.20',
    http: { status: 200, server: 'yealink embed httpd', body: page('Yealink T46U') },
    expected: { vendor: 'Yealink', model: 'T46U', firmware: '108.86.0.20' },
  },
  {
    label: 'Yealink T54W',
    ouiPrefix: '249AD8',
    isPhone: true,
    sipAgent: 'Yealink SIP-T54W 96.86.0.100',
    http: { status: 200, server: 'yealink embed httpd', body: page('Yealink T54W') },
    expected: { vendor: 'Yealink', model: 'T54W', firmware: '96.86.0.100' },
  },
  {
    label: 'Poly VVX 411',
    ouiPrefix: '0004F2',
    isPhone: true,
    sipAgent: 'PolycomVVX-VVX_411-UA/6.4.3.5018',
    http: {
      status: 200,
      server: 'Polycom SoundPoint IP Telephone HTTPd',
      body: page('Polycom - Configuration Utility', '<div>Polycom VVX 411</div><span>UCS Software Version: 6.4.3.5018</span>'),
    },
    expected: { vendor: 'Poly', model: 'VVX 411', firmware: '6.4.3.5018' },
  },
  {
    label: 'Poly CCX 400',
    ouiPrefix: '482567',
    isPhone: true,
    sipAgent: 'PolycomCCX-CCX_400-UA/8.1.3.1301',
    http: { status: 401, server: 'Poly HTTPd', realm: 'Poly CCX 400' },
    expected: { vendor: 'Poly', model: 'CCX 400', firmware: '8.1.3.1301' },
  },
  {
    label: 'Grandstream GXP2170',
    ouiPrefix: '000B82',
    isPhone: true,
    sipAgent: 'Grandstream GXP2170 1.0.11.3',
    http: { status: 200, server: 'lighttpd', body: page('Grandstream GXP2170', '<span>Software Version: 1.0.11.3</span>') },
    expected: { vendor: 'Grandstream', model: 'GXP2170', firmware: '1.0.11.3' },
  },
  {
    label: 'Grandstream GRP2614',
    ouiPrefix: 'C074AD',
    isPhone: true,
    sipAgent: 'Grandstream GRP2614 1.0.5.67',
    http: { status: 200, server: 'lighttpd', body: page('Grandstream Device Configuration') },
    expected: { vendor: 'Grandstream', model: 'GRP2614', firmware: '1.0.5.67' },
  },
  {
    label: 'Snom D785',
    ouiPrefix: '000413',
    isPhone: true,
    sipAgent: 'snomD785/10.1.54.13',
    http: { status: 200, server: 'snom embedded', body: page('snom D785', '<p>Firmware version: 10.1.54.13</p>') },
    expected: { vendor: 'Snom', model: 'D785', firmware: '10.1.54.13' },
  },
  {
    label: 'Snom D717',
    ouiPrefix: '000413',
    isPhone: true,
    sipAgent: 'snomD717/10.1.73.16',
    sipServerHeader: true,
    http: { status: 401, server: 'snom embedded', realm: 'snom D717' },
    expected: { vendor: 'Snom', model: 'D717', firmware: '10.1.73.16' },
  },
  {
    label: 'Fanvil X4U',
    ouiPrefix: '0C383E',
    isPhone: true,
    sipAgent: 'Fanvil X4U 2.10.2.6887',
    http: { status: 401, server: 'Fanvil', realm: 'Fanvil X4U' },
    expected: { vendor: 'Fanvil', model: 'X4U', firmware: '2.10.2.6887' },
  },
  {
    label: 'Fanvil X6U',
    ouiPrefix: '0C383E',
    isPhone: true,
    sipAgent: 'Fanvil X6U 2.12.1',
    http: { status: 200, server: 'Fanvil', body: page('Fanvil X6U') },
    expected: { vendor: 'Fanvil', model: 'X6U', firmware: '2.12.1' },
  },
];

/** A phone that tells nothing (SIP off, web page without a model): its MAC still names the maker. */
export const QUIET_PHONE: DeviceProfile = {
  label: 'Yealink (SIP off)',
  ouiPrefix: '001565',
  isPhone: true,
  http: { status: 401, server: 'yealink embed httpd', realm: 'Yealink' },
  expected: { vendor: 'Yealink', model: '', firmware: '' },
};

export const NON_PHONES: readonly DeviceProfile[] = [
  {
    label: 'Brother printer',
    ouiPrefix: '30055C',
    isPhone: false,
    http: { status: 200, server: 'debut/1.30', body: '<html><head><title>Brother HL-L2350DW series</title></head></html>' },
    expected: { vendor: 'Brother', model: '', firmware: '' },
  },
  {
    label: 'Ubiquiti access point',
    ouiPrefix: '245A4C',
    isPhone: false,
    http: { status: 200, server: 'lighttpd', body: '<html><head><title>UniFi AP</title></head></html>' },
    expected: { vendor: 'Ubiquiti', model: '', firmware: '' },
  },
  { label: 'Raspberry Pi', ouiPrefix: 'B827EB', isPhone: false, expected: { vendor: 'Raspberry Pi', model: '', firmware: '' } },
  { label: 'Laptop (random MAC)', ouiPrefix: '02A0C9', isPhone: false, expected: { vendor: '', model: '', firmware: '' } },
];

/** The standard lab: 2 of each phone profile (20 phones), the quiet phone, and the non-phones. */
export function standardLab(): DeviceProfile[] {
  return [...PHONES, ...PHONES, QUIET_PHONE, ...NON_PHONES];
}

/** The SIP User-Agent a device sends, with its MAC where the vendor puts it there. */
export function agentFor(profile: DeviceProfile, mac: string): string | undefined {
  if (!profile.sipAgent) return undefined;
  return /^(Fanvil|Yealink)/.test(profile.sipAgent) ? `${profile.sipAgent} ${mac}` : profile.sipAgent;
}
