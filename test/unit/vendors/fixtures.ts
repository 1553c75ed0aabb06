/** One representative phone per vendor, with accounts and keys, for golden and parse-back tests. */
import type { ProvisioningInput } from '../../../shared/config/provisioningInput';
import type { Account } from '../../../shared/domain/account';
import type { Button } from '../../../shared/domain/button';
import type { Phone } from '../../../shared/domain/phone';
import type { VendorId } from '../../../shared/vendors/common/plugin';
import { phoneSettingsInput } from '../../../shared/config/phoneSettingsInput';
import { phoneFieldsSchema } from '../../../shared/domain/phoneSettings';

export const account = (line: number, user: string, extra: Partial<Account> = {}): { line: number; account: Account } => ({
  line,
  account: {
    id: `a${user}`,
    source: 'manual',
    label: `Ext ${user}`,
    displayName: `User ${user}`,
    userName: user,
    authName: `auth${user}`,
    password: `pw-${user}-s3cret`,
    serverHost: 'pbx.example.local',
    serverPort: 5060,
    transport: 'udp',
    expires: 3600,
    voicemail: '*97',
    ...extra,
  },
});

/** Every key function, for the vendor's capability check. */
export const ALL_KEYS: Button[] = [
  { key: 1, type: 'line', value: '', label: 'Alice', line: 1 },
  { key: 2, type: 'line', value: '', label: 'Sales', line: 2 },
  { key: 3, type: 'blf', value: '1002', label: 'Bob', line: 1 },
  { key: 4, type: 'speed_dial', value: '+441234567890', label: 'Office', line: 1 },
  { key: 5, type: 'transfer', value: '', label: 'Xfer', line: 1 },
  { key: 6, type: 'voicemail', value: '', label: 'VM', line: 1 },
  { key: 7, type: 'park', value: '700', label: 'Park', line: 1 },
  { key: 8, type: 'pickup', value: '*8', label: 'Pickup', line: 1 },
  { key: 9, type: 'dnd', value: '', label: 'DND', line: 1 },
  { key: 10, type: 'forward', value: '', label: 'Fwd', line: 1 },
  { key: 11, type: 'conference', value: '', label: 'Conf', line: 1 },
  { key: 12, type: 'intercom', value: '1003', label: 'Intercom', line: 1 },
  { key: 13, type: 'paging', value: '224.0.1.116:5000', label: 'Page all', line: 1 },
  { key: 14, type: 'record', value: '', label: 'Rec', line: 1 },
  { key: 15, type: 'none', value: '', label: '', line: 1 },
];

export const REPRESENTATIVE: Record<VendorId, { vendor: string; model: string; mac: string }> = {
  yealink: { vendor: 'Yealink', model: 'T46U', mac: '805ec0112233' },
  poly: { vendor: 'Poly', model: 'VVX 410', mac: '0004f2112233' },
  grandstream: { vendor: 'Grandstream', model: 'GXP2135', mac: '000b82112233' },
  snom: { vendor: 'Snom', model: 'D785', mac: '000413112233' },
  fanvil: { vendor: 'Fanvil', model: 'X5U', mac: '0c383e112233' },
};

export function phoneOf(id: VendorId, buttons: Button[] = ALL_KEYS, extra: Partial<Phone> = {}): Phone {
  const r = REPRESENTATIVE[id];
  return {
    mac: r.mac,
    serial: 'SN0001',
    vendor: r.vendor,
    model: r.model,
    firmware: '',
    userType: 'standard',
    client: 'Acme',
    region: 'EU',
    site: 'HQ',
    lines: [
      { line: 1, accountId: 'a1001' },
      { line: 2, accountId: 'a1009' },
    ],
    buttons,
    token: 'TOKEN_TOKEN_TOKEN_TOKEN_1',
    lastIp: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    revision: 0,
    ...extra,
  };
}

export function inputOf(id: VendorId, buttons: Button[] = ALL_KEYS, extra: Partial<ProvisioningInput> = {}): ProvisioningInput {
  return {
    phone: phoneOf(id, buttons),
    lines: [account(1, '1001'), account(2, '1009', { transport: 'tcp', serverPort: 5070, voicemail: '' })],
    provisioningUrl: 'http://192.0.2.10:8080/p/TOKEN_TOKEN_TOKEN_TOKEN_1/',
    callServer: { host: 'pbx.example.local', port: 5060, transport: 'udp' },
    firmwareUrl: 'http://192.0.2.10:8080/fw/firmware.rom',
    adminPassword: 'Adm1nPassw0rd',
    ...extra,
  };
}

/** Site settings every vendor is asked to write. */
export const SITE = phoneSettingsInput(
  phoneFieldsSchema.parse({
    dialPlan: '[2-4]xxx | 0[1-9]x. | 9xx.',
    emergencyNumbers: ['112', '911'],
    timeZone: 'Europe/Paris',
    ntpServer: 'ntp.example.local',
    dateFormat: 'DD/MM/YYYY',
    timeFormat: '24h',
    language: 'fr',
    userPassword: 'Us3rPassw0rd',
  }),
  'pbx.example.local',
);
