/**
 * The renderer's handle on the admin API: the shared typed client (shared/api/client.ts) over
 * window.fetch. Every call goes through it, so every answer is checked against the contract.
 */
import { createApiClient, type ApiClient } from '../../shared/api/client';
import type { Connection } from './connection';

let client: ApiClient | undefined;
let connection: Connection | undefined;

export function initApi(c: Connection): ApiClient {
  connection = c;
  client = createApiClient({
    baseUrl: c.baseUrl,
    token: () => c.token,
    fetch: (input, init) => window.fetch(input, { ...init, cache: 'no-store' }),
  });
  return client;
}

export function api(): ApiClient {
  if (!client) throw new Error('API used before the connection was set up');
  return client;
}

export function currentConnection(): Connection {
  if (!connection) throw new Error('no connection yet');
  return connection;
}
