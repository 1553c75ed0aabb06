/**
 * The PBX side of the app: test the AMI connection, list and import the PBX's endpoints, export a
 * PJSIP configuration for accounts the PBX lacks, and report registrations. Re-provision (asking a
 * registered phone to re-fetch its files) is in reprovision.ts.
 */
import { randomUUID } from 'node:crypto';
import { field } from '../../../shared/ami/message';
import { accountInputSchema, type Account } from '../../../shared/domain/account';
import { PJSIP_SHA256_WARNING, renderPjsipAccounts } from '../../../shared/pbx/pjsipConfig';
import type { PbxEndpoint, PbxImportResult, PbxTestResult, PjsipExportResult, RegistrationsView } from '../../../shared/pbx/views';
import type { pbxTestInputSchema, pjsipExportInputSchema } from '../../../shared/pbx/views';
import type { z } from 'zod';
import type { Context } from '../context';
import { AppError } from '../errors';
import { AmiClient, AmiError } from '../ami/amiClient';
import { listEndpointNames, readPbxAccounts } from '../ami/endpoints';
import { ringRights } from '../ami/originateRights';
import { renderDeskCheckDialplan } from '../../../shared/pbx/deskCheckDialplan';
import { saveAccounts } from './accounts';

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof AmiError) {
    const code = error.kind === 'auth' ? 'pbx_auth_failed' : 'pbx_unreachable';
    return new AppError(code, `The PBX: ${error.message}`, error.hint);
  }
  return new AppError('pbx_unreachable', `The PBX: ${(error as Error).message}`);
}

export function registrations(ctx: Context): RegistrationsView {
  return ctx.services.pbx.registrations();
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
        mayNotify: (await mayNotify(client)).allowed,
      };
    }
    const notify = await mayNotify(client);
    return {
      ok: true,
      stage: 'done',
      message:
        `Connected to Asterisk ${version} as ${pbx.amiUser}; ${endpoints} PJSIP endpoint(s).` +
        (notify.allowed
          ? ' It may send NOTIFY (re-provision).'
          : ` It may not send NOTIFY, so re-provision cannot work (${notify.answer}).`),
      ...(notify.allowed
        ? {}
        : {
            hint: /unknown command/i.test(notify.answer)
              ? 'Load res_pjsip_notify.so on the PBX (module load res_pjsip_notify.so), then test again.'
              : 'Give the AMI user "write = system" in manager.conf (Asterisk 22 needs it for PJSIPNotify), then reload the manager.',
          }),
      asteriskVersion: version,
      endpoints,
      mayNotify: notify.allowed,
      ring: await ringRights(client, pbx.amiUser),
    };
  } finally {
    await client.close();
  }
}

/** An endpoint name no PBX has: asking to NOTIFY it shows the right without sending anything. */
const RIGHTS_PROBE_ENDPOINT = 'deskphone-provisioner-rights-check';

/**
 * Whether the AMI user may send PJSIPNotify (re-provision). Asterisk checks the user's write
 * rights before it looks the endpoint up, so a NOTIFY to an endpoint that does not exist answers
 * "Permission denied" without `write = system`, and an error about the endpoint with it.
 */
async function mayNotify(client: AmiClient): Promise<{ allowed: boolean; answer: string }> {
  try {
    await client.action('PJSIPNotify', { Endpoint: RIGHTS_PROBE_ENDPOINT, Variable: ['Event=check-sync'] }, 5000);
    return { allowed: true, answer: 'accepted' };
  } catch (error) {
    const answer = (error as Error).message;
    // Refused for the user's rights, or no such action (res_pjsip_notify not loaded): no NOTIFY can go out.
    const cannot = /permission denied|invalid\/unknown command/i.test(answer);
    return { allowed: !cannot && error instanceof AmiError && error.kind === 'action_failed', answer };
  }
}

function accountIdsByUser(ctx: Context): Map<string, Account> {
  const map = new Map<string, Account>();
  for (const a of ctx.store.state.accounts.values()) map.set(a.userName, a);
  return map;
}

export async function listPbxEndpoints(ctx: Context): Promise<PbxEndpoint[]> {
  const client = ctx.services.pbx.client();
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
  const client = ctx.services.pbx.client();
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
      const onPbx = new Set((await listEndpointNames(ctx.services.pbx.client())).map((e) => e.name));
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
      { context: input.context, algorithms: input.algorithms, ...(input.transport ? { transport: input.transport } : {}) },
    );
  } catch (error) {
    throw new AppError('validation_failed', `Cannot export: ${(error as Error).message}`, 'Fix the account named, then export again.');
  }
  const warnings = input.algorithms.includes('SHA-256') ? [PJSIP_SHA256_WARNING] : [];
  return { config, exported: accounts.map((a) => a.userName), alreadyOnPbx, unchecked, warnings, dialplan: renderDeskCheckDialplan() };
}
