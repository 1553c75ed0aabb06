/**
 * What applying checked assignment rows would change: accounts to create, phones to create, and
 * per phone the lines, user type and site to set. Pure, so the preview can say "3 new accounts,
 * 12 phones updated" before anything is applied.
 */
import { z } from 'zod';
import { accountInputSchema, type AccountInput } from '../domain/account';
import { macSchema, phoneFieldsSchema, USER_TYPES, type LineAssignment, type UserType } from '../domain/phone';
import type { Mac } from '../mac';
import { accountKey, type AssignmentRow } from './assignmentCsv';
import { undoableSchema } from '../api/views';

export interface PlannedPhone {
  mac: Mac;
  exists: boolean;
  /** Lines by number: an existing account's id, or the key of an account this plan creates. */
  lines: { line: number; accountKey: string }[];
  userType?: UserType;
  site?: string;
  vendor?: string;
  model?: string;
  serial?: string;
}

export interface ImportPlan {
  newAccounts: { key: string; input: AccountInput }[];
  /** Accounts that exist and whose password the file changes. */
  passwordChanges: { key: string; id: string; password: string }[];
  phones: PlannedPhone[];
}

export interface PlanContext {
  accounts: readonly { id: string; userName: string; serverHost: string }[];
  phones: readonly { mac: string; lines: readonly LineAssignment[] }[];
}

export function planImport(rows: readonly AssignmentRow[], ctx: PlanContext): ImportPlan {
  const existing = new Map(ctx.accounts.map((a) => [accountKey(a.userName, a.serverHost), a.id]));
  const phoneMacs = new Set(ctx.phones.map((p) => p.mac));
  const newAccounts = new Map<string, AccountInput>();
  const passwordChanges = new Map<string, { key: string; id: string; password: string }>();
  const phones = new Map<Mac, PlannedPhone>();
  for (const row of rows) {
    let phone = phones.get(row.mac);
    if (!phone) {
      phone = { mac: row.mac, exists: phoneMacs.has(row.mac), lines: [] };
      phones.set(row.mac, phone);
    }
    if (row.userType) phone.userType = row.userType;
    if (row.site !== undefined) phone.site = row.site;
    if (row.vendor) phone.vendor = row.vendor;
    if (row.model) phone.model = row.model;
    if (row.serial) phone.serial = row.serial;
    if (row.account && row.line !== undefined) {
      const key = accountKey(row.account.userName, row.account.serverHost);
      const id = existing.get(key);
      if (id === undefined && !newAccounts.has(key)) {
        const { authName, ...rest } = row.account;
        newAccounts.set(key, { ...rest, ...(authName ? { authName } : {}) });
      } else if (id !== undefined && row.account.password !== '') {
        passwordChanges.set(key, { key, id, password: row.account.password });
      }
      phone.lines = [...phone.lines.filter((l) => l.line !== row.line), { line: row.line, accountKey: key }].sort(
        (a, b) => a.line - b.line,
      );
    }
  }
  return {
    newAccounts: [...newAccounts].map(([key, input]) => ({ key, input })),
    passwordChanges: [...passwordChanges.values()],
    phones: [...phones.values()],
  };
}

/** The plan as the server accepts it: applied all at once, or not at all. */
export const importPlanSchema = z.object({
  newAccounts: z.array(z.object({ key: z.string().min(1), input: accountInputSchema })).max(20_000),
  passwordChanges: z
    .array(z.object({ key: z.string().min(1), id: z.string().min(1), password: accountInputSchema.shape.password }))
    .max(20_000),
  phones: z
    .array(
      z.object({
        mac: macSchema,
        exists: z.boolean(),
        lines: z.array(z.object({ line: z.number().int().min(1).max(16), accountKey: z.string().min(1) })).max(16),
        userType: z.enum(USER_TYPES).optional(),
        // unwrap(): without it the fields' default ('') fills a field the file left out, and an
        // import without a site column cleared every existing phone's site.
        site: phoneFieldsSchema.shape.site.unwrap().optional(),
        vendor: phoneFieldsSchema.shape.vendor.unwrap().optional(),
        model: phoneFieldsSchema.shape.model.unwrap().optional(),
        serial: phoneFieldsSchema.shape.serial.unwrap().optional(),
      }),
    )
    .max(20_000),
});

/**
 * What applying did, counted by the server: a password the file gives that equals the saved one
 * is left alone and counted as unchanged, not as changed.
 */
export const importResultSchema = undoableSchema.extend({
  accountsCreated: z.number().int().optional(),
  passwordsChanged: z.number().int().optional(),
  passwordsUnchanged: z.number().int().optional(),
  phonesCreated: z.number().int().optional(),
  phonesUpdated: z.number().int().optional(),
});
export type ImportResult = z.infer<typeof importResultSchema>;
