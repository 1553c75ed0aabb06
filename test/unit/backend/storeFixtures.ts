/** Records the store tests write and read back. */
import type { Account } from '../../../shared/domain/account';

export const account = (n: number): Account => ({
  id: `acc-${n}`,
  source: 'manual',
  label: '',
  displayName: '',
  userName: String(1000 + n),
  password: 'pw',
  serverHost: 'pbx',
  serverPort: 5060,
  transport: 'udp',
  expires: 3600,
  voicemail: '',
});
