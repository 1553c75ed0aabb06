/**
 * The PBX side of the app: test the AMI connection, list and import the PBX's endpoints, export a
 * PJSIP configuration for accounts the PBX lacks, ask a registered phone to re-fetch its
 * configuration, and report registrations.
 */
import { randomUUID } from 'node:crypto';
import { field } from '../../../shared/ami/message';
import { accountInputSchema, type Account } from '../../../shared/domain/account';
import { checkSyncEvent } from '../../../shared/pbx/notify';
import { renderPjsipAccounts } from '../../../shared/pbx/pjsipConfig';
import type {
  PbxEndpoint,
  PbxImportResult,
  PbxTestResult,
  PjsipExportResult,
  RegistrationsView,
  ReprovisionResult,
} from '../../../shared/pbx/views';
import type { pbxTestInputSchema, pjsipExportInputSchema } from '../../../shared/pbx/views';
import type { z } from 'zod';
import type { Context } from '../context';
import { AppError } from '../errors';
import { AmiClient, AmiError } from '../pbx/amiClient';
import { listEndpointNames, readPbxAccounts } from '../pbx/endpoints';
import { ringRights } from '../pbx/originateRights';
import { renderDeskCheckDialplan } from '../../../shared/pbx/deskCheckDialplan';
import { pbxServiceOf } from '../pbx/service';
import { saveAccounts } from './accounts';
import { requirePhone } from './phones';
import { recordStep } from './timeline';

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof AmiError) {
    const code = error.kind === 'auth' ? 'pbx_auth_failed' : 'pbx_unreachable';
    return new AppError(code, `The PBX: ${error.message}`, error.hint);
  }
  return new AppError('pbx_unreachable', `The PBX: ${(error as Error).message}`);
}

export function registrations(ctx: Context): RegistrationsView {
  return pbxServiceOf(ctx).registrations();
}

/** Tries the settings (saved, or overridden for this test) step by step and says where it stopped. */
export async function testPbxConnection(ctx: Context, override: z.output<typeof pbxTestInputSchema> = {}): Promise<PbxTestResult> {
  // A blank secret means the saved one, as in a settings patch (the form never holds the saved secret).
  const given = Object.entries(override).filter(([k, v]) => v !== undefined && !(k === 'amiSecret' && v === ''));
  const pbx = { ...ctx.store.state.settings.pbx, ...Object.fromEntries(given) };
  if (!pbx.amiUser) {
    return { ok: false, stage: 'login', message: 'No AMI user is set', hint: 'Enter the user name of a [section] in manager.conf.' };
  }
  let client: AmiClient;
  try {
    client = await AmiClient.connect({
      host: pbx.amiHost,
      port: pbx.amiPort,
      user: pbx.amiUser,
      secret: pbx.amiSecret,
      connectTimeoutMs: 5000,
    });
  } catch (error) {
    const e = error instanceof AmiError ? error : new AmiError('unreachable', (error as Error).message);
    const stage = e.kind === 'auth' ? 'login' : e.kind === 'not_ami' ? 'greeting' : 'connect';
    return { ok: false, stage, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
  }
  try {
    let version = client.version;
    try {
      const settings = await client.action('CoreSettings', {}, 5000);
      version = field(settings, 'AsteriskVersion') ?? version;
    } catch {
      // Without read=system the version stays the AMI one; the PJSIP check below says what is missing.
    }
    let endpoints: number;
    try {
      endpoints = (await listEndpointNames(client)).length;
    } catch (error) {
      return {
        ok: false,
        stage: 'pjsip',
        message: `Logged in, but listing PJSIP endpoints failed (${(error as Error).message})`,
        hint: 'Give the AMI user "read = system,security" and "write = system" in manager.conf, and check that res_pjsip is loaded.',
        asteriskVersion: version,
      };
    }
    return {
      ok: true,
      stage: 'done',
      message: `Connected to Asterisk ${version} as ${pbx.amiUser}; ${endpoints} PJSIP endpoint(s).`,
      asteriskVersion: version,
      endpoints,
      ring: await ringRights(client, pbx.amiUser),
    };
  } finally {
    await client.close();
  }
}

function accountIdsByUser(ctx: Context): Map<string, Account> {
  const map = new Map<string, Account>();
  for (const a of ctx.store.state.accounts.values()) map.set(a.userName, a);
  return map;
}

export async function listPbxEndpoints(ctx: Context): Promise<PbxEndpoint[]> {
  const client = pbxServiceOf(ctx).client();
  const known = accountIdsByUser(ctx);
  try {
    const accounts = await readPbxAccounts(client);
    return accounts.map((a) => ({
      name: a.name,
      authUser: a.authUser,
      hasPassword: a.password.length > 0,
      displayName: a.displayName,
      contacts: a.contacts,
      ...(known.has(a.name) ? { accountId: known.get(a.name)?.id } : {}),
    }));
  } catch (error) {
    throw toAppError(error);
  }
}

/** Creates (or refreshes the credentials of) accounts from the PBX's endpoints. */
export async function importPbxEndpoints(ctx: Context, names?: readonly string[]): Promise<PbxImportResult> {
  const client = pbxServiceOf(ctx).client();
  let accounts;
  try {
    accounts = await readPbxAccounts(client, names ? new Set(names) : undefined);
  } catch (error) {
    throw toAppError(error);
  }
  const pbx = ctx.store.state.settings.pbx;
  const known = accountIdsByUser(ctx);
  const result: PbxImportResult = { created: [], updated: [], skipped: [] };
  const found = new Set(accounts.map((a) => a.name));
  for (const name of names ?? []) if (!found.has(name)) result.skipped.push({ name, reason: 'the PBX has no such endpoint' });
  const save: Account[] = [];
  for (const a of accounts) {
    if (!a.password) {
      result.skipped.push({ name: a.name, reason: 'the PBX keeps only a hash of this password; enter it by hand' });
      continue;
    }
    const input = accountInputSchema.safeParse({
      label: a.displayName || a.name,
      displayName: a.displayName,
      userName: a.name,
      ...(a.authUser !== a.name ? { authName: a.authUser } : {}),
      password: a.password,
      serverHost: pbx.sipHost,
      serverPort: pbx.sipPort,
      transport: pbx.sipTransport,
    });
    if (!input.success) {
      result.skipped.push({ name: a.name, reason: `cannot be used as is (${input.error.issues[0]?.message ?? 'invalid'})` });
      continue;
    }
    const existing = known.get(a.name);
    if (existing) {
      save.push({ ...existing, ...(a.authUser !== a.name ? { authName: a.authUser } : {}), password: a.password });
      result.updated.push(a.name);
    } else {
      save.push({ ...input.data, id: randomUUID(), source: 'pbx' });
      result.created.push(a.name);
    }
  }
  if (save.length > 0) await saveAccounts(ctx, save);
  return result;
}

export async function exportPjsipConfig(ctx: Context, input: z.output<typeof pjsipExportInputSchema>): Promise<PjsipExportResult> {
  const all = [...ctx.store.state.accounts.values()];
  const wanted = input.accountIds ? new Set(input.accountIds) : undefined;
  for (const id of input.accountIds ?? []) if (!ctx.store.state.accounts.has(id)) throw AppError.notFound(`Account ${id}`);
  let accounts = wanted ? all.filter((a) => wanted.has(a.id)) : all;
  let alreadyOnPbx: string[] = [];
  let unchecked = true;
  if (input.onlyMissing) {
    try {
      const onPbx = new Set((await listEndpointNames(pbxServiceOf(ctx).client())).map((e) => e.name));
      alreadyOnPbx = accounts.filter((a) => onPbx.has(a.userName)).map((a) => a.userName);
      accounts = accounts.filter((a) => !onPbx.has(a.userName));
      unchecked = false;
    } catch {
      // No link: export everything and say so.
    }
  }
  let config: string;
  try {
    config = renderPjsipAccounts(
      accounts.map((a) => ({
        userName: a.userName,
        ...(a.authName ? { authName: a.authName } : {}),
        password: a.password,
        displayName: a.displayName,
      })),
      { context: input.context, ...(input.transport ? { transport: input.transport } : {}) },
    );
  } catch (error) {
    throw new AppError('validation_failed', `Cannot export: ${(error as Error).message}`, 'Fix the account named, then export again.');
  }
  return { config, exported: accounts.map((a) => a.userName), alreadyOnPbx, unchecked, dialplan: renderDeskCheckDialplan() };
}

/** Asks a registered phone to re-fetch its configuration (SIP NOTIFY check-sync through Asterisk). */
export async function reprovisionPhone(ctx: Context, macText: string): Promise<ReprovisionResult> {
  const phone = requirePhone(ctx, macText);
  const service = pbxServiceOf(ctx);
  const client = service.client();
  const contacts = service.monitor.contacts;
  const endpoints = phone.lines
    .map((l) => ctx.store.state.accounts.get(l.accountId)?.userName)
    .filter((n): n is string => n !== undefined)
    .filter((n) => [...contacts.values()].some((c) => c.endpoint === n && c.status !== 'Unreachable'));
  if (endpoints.length === 0) {
    throw new AppError(
      'conflict',
      `Phone ${macText} is not registered with the PBX`,
      'Only a registered phone can be asked to re-fetch; reboot it by hand instead.',
    );
  }
  const flow = ctx.flowOf(phone.mac);
  const event = checkSyncEvent(phone.vendor, flow.userAgent ?? '');
  const sent: ReprovisionResult['sent'] = [];
  // One NOTIFY is enough: the phone re-fetches everything, whichever line it arrives on.
  const endpoint = endpoints[0] as string;
  try {
    await client.action('PJSIPNotify', { Endpoint: endpoint, Variable: [`Event=${event}`] });
    sent.push({ endpoint, ok: true, message: `NOTIFY ${event} sent` });
    recordStep(ctx, {
      mac: phone.mac,
      step: 7,
      outcome: 'info',
      ip: flow.lastIp ?? '',
      userAgent: '',
      detail: { notify: event, endpoint },
    });
  } catch (error) {
    sent.push({ endpoint, ok: false, message: toAppError(error).message });
  }
  return { sent };
}
