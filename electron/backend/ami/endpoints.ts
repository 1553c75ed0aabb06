/**
 * Reading accounts from the PBX: the endpoint list (`PJSIPShowEndpoints`), then each endpoint's
 * detail (`PJSIPShowEndpoint`: EndpointDetail for the caller id, AuthDetail for user and password).
 */
import { displayNameOfCallerId, readAuthDetail, readEndpointDetail, readEndpointList, type AuthDetail } from '../../../shared/ami/pjsip';
import type { AmiClient } from './amiClient';

export interface PbxAccount {
  name: string;
  authUser: string;
  password: string;
  displayName: string;
  contacts: number;
}

export async function listEndpointNames(client: AmiClient): Promise<{ name: string; contacts: number }[]> {
  const blocks = await client.actionList('PJSIPShowEndpoints', {}, { emptyOn: /no endpoints found/i, timeoutMs: 30_000 });
  return blocks.map(readEndpointList).flatMap((e) => (e ? [{ name: e.name, contacts: e.contacts }] : []));
}

export async function readPbxAccount(client: AmiClient, name: string, contacts = 0): Promise<PbxAccount> {
  const blocks = await client.actionList('PJSIPShowEndpoint', { Endpoint: name });
  const detail = blocks.map(readEndpointDetail).find((d) => d !== undefined);
  const auths = blocks.map(readAuthDetail).filter((a): a is AuthDetail => a !== undefined);
  // The inbound auth is the one the endpoint names in `auth`; else the first one listed.
  const wanted = (detail?.auth ?? '').split(',')[0]?.trim();
  const auth = auths.find((a) => a.name === wanted) ?? auths[0];
  return {
    name,
    authUser: auth?.username || name,
    password: auth?.authType === 'userpass' || auth?.authType === '' ? (auth?.password ?? '') : '',
    displayName: displayNameOfCallerId(detail?.callerId ?? ''),
    contacts,
  };
}

/** Every endpoint with its credentials, a few detail reads at a time. */
export async function readPbxAccounts(client: AmiClient, only?: ReadonlySet<string>): Promise<PbxAccount[]> {
  const names = (await listEndpointNames(client)).filter((e) => !only || only.has(e.name));
  const out: PbxAccount[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      const e = names[i] as { name: string; contacts: number };
      out[i] = await readPbxAccount(client, e.name, e.contacts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, names.length) }, worker));
  return out;
}
