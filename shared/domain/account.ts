/** A SIP account a phone line registers with. */
import { z } from 'zod';
import { patchOf } from './patch';

export const TRANSPORTS = ['udp', 'tcp', 'tls'] as const;
export type Transport = (typeof TRANSPORTS)[number];

const sipToken = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'at most 128 characters')
  .regex(/^[^\s"<>:@]+$/, 'no spaces, quotes, angle brackets, colons or @');

const hostName = z
  .string()
  .min(1, 'must not be empty')
  .max(253, 'at most 253 characters')
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:]+\]$/, 'a host name or IP address');

/** Text that lands in a `key = value` line: no line breaks, which would inject config keys. */
export const configText = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .regex(/^[^\r\n\0]*$/, 'must be one line');

export const accountInputSchema = z.object({
  label: configText(64).default(''),
  displayName: configText(64).default(''),
  userName: sipToken,
  authName: sipToken.optional(),
  password: configText(128).min(1, 'must not be empty'),
  serverHost: hostName,
  serverPort: z.number().int().min(1).max(65535).default(5060),
  transport: z.enum(TRANSPORTS).default('udp'),
  expires: z.number().int().min(30).max(86400).default(3600),
  voicemail: configText(32).default(''),
});
export type AccountInput = z.input<typeof accountInputSchema>;

export const accountPatchSchema = patchOf(accountInputSchema);
export type AccountPatch = z.input<typeof accountPatchSchema>;

export const accountSchema = accountInputSchema.extend({
  id: z.string().min(1),
  /** Where the account came from: typed in, a CSV, or the PBX's endpoint list. */
  source: z.enum(['manual', 'csv', 'pbx']).default('manual'),
});
export type Account = z.infer<typeof accountSchema>;

/** An account as the admin API lists it: the password is never sent unless asked for. */
export type AccountView = Omit<Account, 'password'> & { hasPassword: boolean };

export function toAccountView(account: Account): AccountView {
  const { password, ...rest } = account;
  return { ...rest, hasPassword: password.length > 0 };
}

export function authNameOf(account: Pick<Account, 'authName' | 'userName'>): string {
  return account.authName && account.authName.length > 0 ? account.authName : account.userName;
}
