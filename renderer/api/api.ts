/**
 * The renderer's handle on the admin API: the shared typed client over window.fetch, plus calls
 * to routes other parts of the app add over time (PBX, discovery), which the UI uses only when
 * the contract has them and otherwise shows as "not available yet".
 */
import { z } from 'zod';
import { ApiError, createApiClient, type ApiClient } from '../../shared/api/client';
import { contract } from '../../shared/api/contract';
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

/** True when the contract has a route of that name (another engineer may not have added it yet). */
export function hasRoute(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/**
 * Calls a route that may not be in the contract yet, checking the answer with the schema the UI
 * expects. Throws ApiError 'unavailable' when the route is missing.
 */
export async function callOptional<T>(name: string, input: unknown, schema: z.ZodType<T>): Promise<T> {
  const fn = (api() as unknown as Record<string, ((i?: unknown) => Promise<unknown>) | undefined>)[name];
  if (!fn) {
    throw new ApiError(501, {
      code: 'unavailable',
      message: 'This feature is not available in this version yet',
      hint: 'Update the app; meanwhile enter the value by hand.',
    });
  }
  const data = await fn(input);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new ApiError(500, {
      code: 'internal',
      message: `The server's answer to ${name} was not understood`,
      hint: 'The app and its backend may be different versions: restart the app.',
    });
  }
  return parsed.data;
}
