/**
 * The assignment CSV: one row per phone line, giving a phone (by MAC) its SIP account on that
 * line, its user type and site. The same columns are imported and exported. Every row is checked
 * on its own and gets every error it has, by column, so the preview can mark each bad row and say
 * why; nothing is applied from here (see importPlan.ts).
 */
import { z } from 'zod';
import { accountInputSchema, TRANSPORTS, type Transport } from '../domain/account';
import { USER_TYPES, type UserType } from '../domain/phone';
import { parseMac, formatMac, type Mac } from '../mac';
import { parseCsv, unguardCell, CsvSyntaxError } from './csv';

export const ASSIGNMENT_COLUMNS = [
  'mac',
  'line',
  'extension',
  'auth_name',
  'password',
  'display_name',
  'label',
  'server',
  'port',
  'transport',
  'user_type',
  'site',
  'vendor',
  'model',
  'serial',
] as const;
export type AssignmentColumn = (typeof ASSIGNMENT_COLUMNS)[number];

/** Header spellings accepted on import (lower case, spaces and dashes as underscores). */
const ALIASES: Record<string, AssignmentColumn> = {
  mac_address: 'mac',
  macaddress: 'mac',
  account_line: 'line',
  line_number: 'line',
  user: 'extension',
  user_name: 'extension',
  username: 'extension',
  ext: 'extension',
  sip_user: 'extension',
  auth: 'auth_name',
  authname: 'auth_name',
  auth_user: 'auth_name',
  secret: 'password',
  sip_password: 'password',
  name: 'display_name',
  displayname: 'display_name',
  sip_server: 'server',
  host: 'server',
  server_host: 'server',
  server_port: 'port',
  sip_port: 'port',
  usertype: 'user_type',
  type: 'user_type',
  serial_number: 'serial',
  serialnumber: 'serial',
  sn: 'serial',
  serial_no: 'serial',
};

export interface CellError {
  column: AssignmentColumn | 'row';
  message: string;
}

export interface AssignmentRow {
  mac: Mac;
  /** 1..16; absent for a hot-desk phone given no account. */
  line?: number;
  account?: {
    userName: string;
    authName?: string;
    /** Empty: keep the password of the existing account with this extension and server. */
    password: string;
    displayName: string;
    label: string;
    serverHost: string;
    serverPort: number;
    transport: Transport;
  };
  userType?: UserType;
  site?: string;
  vendor?: string;
  model?: string;
  /** The serial the RPS checks a phone's first request against (settings.requireSerial). */
  serial?: string;
}

export interface RowResult {
  /** Line in the file where the row starts (the header is line 1). */
  fileLine: number;
  cells: Partial<Record<AssignmentColumn, string>>;
  errors: CellError[];
  value?: AssignmentRow;
}

export interface AssignmentParse {
  rows: RowResult[];
  /** Problems with the file as a whole (no header, unknown columns, bad quoting). */
  fileErrors: string[];
  unknownColumns: string[];
}

export interface ImportContext {
  /** Accounts already in the app, to know which can be referenced without a password. */
  knownAccounts: readonly { userName: string; serverHost: string }[];
  /** Used where the row leaves server, port or transport empty. */
  defaults: { serverHost: string; serverPort: number; transport: Transport };
}

function columnOf(header: string): AssignmentColumn | undefined {
  const key = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if ((ASSIGNMENT_COLUMNS as readonly string[]).includes(key)) return key as AssignmentColumn;
  return ALIASES[key];
}

const ACCOUNT_FIELD_COLUMN: Record<string, AssignmentColumn> = {
  userName: 'extension',
  authName: 'auth_name',
  password: 'password',
  displayName: 'display_name',
  label: 'label',
  serverHost: 'server',
  serverPort: 'port',
  transport: 'transport',
};

const siteSchema = z
  .string()
  .max(64, 'at most 64 characters')
  .regex(/^[^\r\n\0]*$/, 'must be one line');

export function accountKey(userName: string, serverHost: string): string {
  return `${userName}@${serverHost.toLowerCase()}`;
}

function checkRow(
  cells: Partial<Record<AssignmentColumn, string>>,
  ctx: ImportContext,
  known: Set<string>,
): { errors: CellError[]; value?: AssignmentRow } {
  const errors: CellError[] = [];
  const get = (c: AssignmentColumn) => (cells[c] ?? '').trim();

  const macText = get('mac');
  const mac = parseMac(macText);
  if (macText === '') errors.push({ column: 'mac', message: 'the MAC address is missing' });
  else if (!mac) errors.push({ column: 'mac', message: `"${macText.slice(0, 40)}" is not a MAC address (e.g. 80:5E:C0:11:22:33)` });

  let userType: UserType | undefined;
  const ut = get('user_type')
    .toLowerCase()
    .replace(/[\s_-]/g, '');
  if (ut !== '') {
    if (ut === 'standard') userType = 'standard';
    else if (ut === 'hotdesk' || ut === 'hotdesking') userType = 'hotdesk';
    else errors.push({ column: 'user_type', message: `"${get('user_type')}" is not a user type (${USER_TYPES.join(' or ')})` });
  }

  const site = get('site');
  const siteCheck = siteSchema.safeParse(site);
  if (!siteCheck.success) errors.push({ column: 'site', message: siteCheck.error.issues[0]?.message ?? 'invalid' });

  const extension = get('extension');
  let line: number | undefined;
  let account: AssignmentRow['account'];
  const serial = get('serial');
  if (serial.length > 64) errors.push({ column: 'serial', message: 'at most 64 characters' });
  else if (/[\r\n\0]/.test(serial)) errors.push({ column: 'serial', message: 'must be one line' });
  if (extension === '') {
    // No extension: the phone is created or updated without an account (the distributor's pallet
    // list of MAC and serial); accounts can be given later.
    if (get('password') !== '') errors.push({ column: 'extension', message: 'a password is given but no extension' });
  } else {
    const lineText = get('line');
    line = lineText === '' ? 1 : Number(lineText);
    if (!Number.isInteger(line) || line < 1 || line > 16) {
      errors.push({ column: 'line', message: `"${lineText}" is not a line number (1 to 16)` });
      line = undefined;
    }
    const portText = get('port');
    const port = portText === '' ? ctx.defaults.serverPort : Number(portText);
    const transportText = get('transport').toLowerCase();
    if (transportText !== '' && !(TRANSPORTS as readonly string[]).includes(transportText)) {
      errors.push({ column: 'transport', message: `"${get('transport')}" is not a transport (${TRANSPORTS.join(', ')})` });
    }
    const serverHost = get('server') || ctx.defaults.serverHost;
    const password = cells.password ?? '';
    const candidate = {
      userName: extension,
      ...(get('auth_name') ? { authName: get('auth_name') } : {}),
      password: password === '' ? 'placeholder' : password,
      displayName: get('display_name'),
      label: get('label'),
      serverHost,
      serverPort: Number.isFinite(port) ? port : NaN,
      transport: (TRANSPORTS as readonly string[]).includes(transportText) ? (transportText as Transport) : ctx.defaults.transport,
    };
    if (serverHost === '')
      errors.push({ column: 'server', message: 'no SIP server: fill the server column, or set the SIP server in Settings first' });
    const parsed = accountInputSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (field === 'serverHost' && serverHost === '') continue;
        const column = ACCOUNT_FIELD_COLUMN[field] ?? 'row';
        const message = column === 'port' ? `"${portText}" is not a port (1 to 65535)` : issue.message;
        errors.push({ column, message });
      }
    }
    if (password === '' && !known.has(accountKey(extension, serverHost))) {
      errors.push({ column: 'password', message: `no password, and there is no account ${extension}@${serverHost} to reuse` });
    }
    account = { ...candidate, password };
  }

  if (errors.length > 0 || !mac) return { errors };
  return {
    errors,
    value: {
      mac,
      ...(line !== undefined ? { line } : {}),
      ...(account ? { account } : {}),
      ...(userType ? { userType } : {}),
      ...(site !== '' ? { site } : {}),
      ...(get('vendor') ? { vendor: get('vendor') } : {}),
      ...(get('model') ? { model: get('model') } : {}),
      ...(serial ? { serial } : {}),
    },
  };
}

/** Parses and checks an assignment CSV. Rows that conflict with an earlier row are marked too. */
export function parseAssignmentCsv(text: string, ctx: ImportContext): AssignmentParse {
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { rows: [], fileErrors: [error.message], unknownColumns: [] };
    throw error;
  }
  const fileErrors: string[] = [];
  if (table.header.length === 0 || table.header.every((h) => h === '')) {
    return {
      rows: [],
      fileErrors: ['The file is empty: the first line must name the columns (mac, line, extension, password, …)'],
      unknownColumns: [],
    };
  }
  const columns = table.header.map(columnOf);
  const unknownColumns = table.header.filter((_, i) => columns[i] === undefined);
  if (!columns.includes('mac')) fileErrors.push('There is no "mac" column: the first line must name the columns');
  if (table.rows.length === 0) fileErrors.push('The file has a header but no rows');

  const known = new Set(ctx.knownAccounts.map((a) => accountKey(a.userName, a.serverHost)));
  const seenLines = new Map<string, number>();
  const passwords = new Map<string, { password: string; fileLine: number }>();
  const rows = table.rows.map((record): RowResult => {
    const cells: Partial<Record<AssignmentColumn, string>> = {};
    record.cells.forEach((cell, i) => {
      const column = columns[i];
      if (column) cells[column] = unguardCell(cell);
    });
    const result: RowResult = { fileLine: record.line, cells, ...checkRow(cells, ctx, known) };
    if (record.cells.length > table.header.length && record.cells.slice(table.header.length).some((c) => c.trim() !== '')) {
      result.errors.push({ column: 'row', message: `${record.cells.length} cells but only ${table.header.length} columns` });
    }
    const v = result.value;
    if (v?.line !== undefined) {
      const key = `${v.mac}/${v.line}`;
      const earlier = seenLines.get(key);
      if (earlier !== undefined)
        result.errors.push({
          column: 'line',
          message: `line ${v.line} of ${formatMac(v.mac)} is already set on line ${earlier} of the file`,
        });
      else seenLines.set(key, record.line);
    }
    if (v?.account && v.account.password !== '') {
      const key = accountKey(v.account.userName, v.account.serverHost);
      const earlier = passwords.get(key);
      if (earlier && earlier.password !== v.account.password) {
        result.errors.push({
          column: 'password',
          message: `extension ${v.account.userName} has another password on line ${earlier.fileLine} of the file`,
        });
      } else if (!earlier) passwords.set(key, { password: v.account.password, fileLine: record.line });
    }
    if (result.errors.length > 0) delete result.value;
    return result;
  });
  // An account given with a password on one row may be reused without one on another.
  for (const r of rows) {
    if (r.errors.length === 1 && r.errors[0]?.column === 'password' && r.errors[0].message.startsWith('no password')) {
      const ext = (r.cells.extension ?? '').trim();
      const server = (r.cells.server ?? '').trim() || ctx.defaults.serverHost;
      if (passwords.has(accountKey(ext, server))) {
        r.errors = [];
        r.value = checkRow(r.cells, ctx, new Set([...known, accountKey(ext, server)])).value;
      }
    }
  }
  return { rows, fileErrors, unknownColumns };
}

export interface ExportLine {
  mac: string;
  line?: number;
  account?: {
    userName: string;
    authName?: string;
    password?: string;
    displayName: string;
    label: string;
    serverHost: string;
    serverPort: number;
    transport: string;
  };
  userType: string;
  site: string;
  vendor: string;
  model: string;
  serial?: string;
}

/** Rows in ASSIGNMENT_COLUMNS order; passwords only where given (export leaves them out unless asked). */
export function assignmentRows(lines: readonly ExportLine[]): string[][] {
  return lines.map((l) => [
    formatMac(l.mac as Mac),
    l.line !== undefined ? String(l.line) : '',
    l.account?.userName ?? '',
    l.account?.authName ?? '',
    l.account?.password ?? '',
    l.account?.displayName ?? '',
    l.account?.label ?? '',
    l.account?.serverHost ?? '',
    l.account ? String(l.account.serverPort) : '',
    l.account?.transport ?? '',
    l.userType,
    l.site,
    l.vendor,
    l.model,
    l.serial ?? '',
  ]);
}

/** A file to start from: a full row, a second line of the same phone, and the pallet list's MAC + serial rows. */
export function sampleAssignmentRows(): string[][] {
  const empty = (over: Partial<Record<AssignmentColumn, string>>) => ASSIGNMENT_COLUMNS.map((c) => over[c] ?? '');
  return [
    empty({
      mac: '80:5E:C0:11:22:33',
      line: '1',
      extension: '2001',
      password: 'change-me-2001',
      display_name: 'Reception',
      label: 'Reception',
      user_type: 'standard',
      site: 'HQ floor 1',
      vendor: 'Yealink',
      model: 'T46U',
      serial: '801234567890',
    }),
    empty({ mac: '80:5E:C0:11:22:33', line: '2', extension: '2002', password: 'change-me-2002', display_name: 'Sales' }),
    empty({ mac: '80:5E:C0:11:22:34', serial: '801234567891' }),
    empty({ mac: '80:5E:C0:11:22:35', serial: '801234567892' }),
  ];
}
