/**
 * The typed admin API client, generated from the contract: `client.createPhone({ body })`.
 * Used by the renderer, the simulator's `--enroll`, and the tests. Errors come back as ApiError
 * carrying the server's code, message and hint.
 */
import { apiErrorBodySchema, type ApiErrorBody } from '../errors';
import { contract, type Contract, type RouteName } from './contract';
import { fillPath, type RawBodyInput, type RouteInput, type RouteOutput } from './routes';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody['error'],
  ) {
    super(body.message);
  }
  get hint(): string | undefined {
    return this.body.hint;
  }
}

export type Fetch = (
  input: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string | RawBodyInput['data'] },
) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}>;

export type ApiClient = {
  [K in RouteName]: object extends RouteInput<Contract[K]>
    ? (input?: RouteInput<Contract[K]>) => Promise<RouteOutput<Contract[K]>>
    : (input: RouteInput<Contract[K]>) => Promise<RouteOutput<Contract[K]>>;
};

export interface ClientOptions {
  baseUrl: string;
  token: string | (() => string);
  /** The platform's fetch (shared/ has no globals of its own). */
  fetch: Fetch;
}

export function createApiClient(options: ClientOptions): ApiClient {
  const doFetch = options.fetch;
  const client = {} as Record<RouteName, (input?: unknown) => Promise<unknown>>;
  for (const name of Object.keys(contract) as RouteName[]) {
    const def = contract[name];
    client[name] = async (input?: unknown) => {
      const { params, query, body } = (input ?? {}) as { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };
      let url = options.baseUrl + fillPath(def.path, params);
      if (query)
        url +=
          '?' +
          Object.entries(query)
            .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
            .join('&');
      const token = typeof options.token === 'function' ? options.token() : options.token;
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
      let sent: string | RawBodyInput['data'] | undefined;
      if ('rawBody' in def && body !== undefined) {
        const raw = body as RawBodyInput;
        Object.assign(headers, raw.headers, { 'Content-Type': 'application/octet-stream' });
        sent = raw.data;
      } else if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        sent = JSON.stringify(body);
      }
      const res = await doFetch(url, { method: def.method, headers, ...(sent !== undefined ? { body: sent } : {}) });
      const data: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const parsed = apiErrorBodySchema.safeParse(data);
        throw new ApiError(
          res.status,
          parsed.success ? parsed.data.error : { code: 'internal', message: `The server answered ${res.status}` },
        );
      }
      return data;
    };
  }
  return client as unknown as ApiClient;
}
