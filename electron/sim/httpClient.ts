/**
 * The virtual phones' HTTP client. Plain HTTP goes through undici's `Pool`, one per origin with
 * keep-alive connections: a thousand phones share one process here, where each real phone has its
 * own CPU, and undici costs less CPU per request than node:http's client and than the hand-written
 * pool this replaced (`npm run bench -- httpClient`, figures in docs/DECISIONS.md). HTTPS goes
 * through node:https.
 */
import { STATUS_CODES } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Pool } from 'undici';

const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256, rejectUnauthorized: false });
/** Connections kept per origin (one per phone talking at once, as on a real LAN). */
const MAX_CONNECTIONS = 256;

export interface SimResponse {
  status: number;
  ok: boolean;
  statusText: string;
  text(): Promise<string>;
  json(): Promise<unknown>;
  /** A response header (name in lower case), or undefined. */
  header(name: string): string | undefined;
}

export interface SimRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

function simResponse(
  status: number,
  statusText: string,
  body: string,
  headers: (name: string) => string | undefined = () => undefined,
): SimResponse {
  return {
    header: headers,
    status,
    ok: status >= 200 && status < 300,
    statusText: statusText || STATUS_CODES[status] || '',
    text: async () => body,
    json: async () => JSON.parse(body) as unknown,
  };
}

const pools = new Map<string, Pool>();

function poolFor(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) {
    // Idle connections are unref'd by undici: they do not keep a finished simulation alive.
    pool = new Pool(origin, { connections: MAX_CONNECTIONS, connect: { noDelay: true } });
    pools.set(origin, pool);
  }
  return pool;
}

const codeOf = (e: unknown) => (e as { code?: string }).code ?? '';
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

async function plainHttp(u: URL, init: SimRequest): Promise<SimResponse> {
  for (const [name, value] of Object.entries(init.headers ?? {}))
    if (/[\r\n]/.test(name + value)) throw new Error(`header ${JSON.stringify(name)} holds a line break`);
  const timeoutMs = init.timeoutMs ?? 15_000;
  const options = {
    path: u.pathname + u.search,
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers ?? {},
    body: init.body ?? null,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  };
  const pool = poolFor(u.origin);
  let res: Awaited<ReturnType<Pool['request']>>;
  try {
    try {
      res = await pool.request(options);
    } catch (e) {
      // A kept connection the server closed before answering: sent again once, on a new one.
      if (codeOf(e) !== 'UND_ERR_SOCKET') throw e;
      res = await pool.request(options);
    }
  } catch (e) {
    if (TIMEOUTS.has(codeOf(e))) throw new Error(`timed out after ${timeoutMs} ms`, { cause: e });
    throw e;
  }
  let body: string;
  try {
    body = await res.body.text();
  } catch (e) {
    if (TIMEOUTS.has(codeOf(e))) throw new Error(`timed out after ${timeoutMs} ms`, { cause: e });
    throw new Error(`the server closed in the middle of the body (${(e as Error).message})`, { cause: e });
  }
  // One turn of the loop before the caller's next request: undici marks the connection free again
  // (its 'drain') just after the body ends, and a request sent before that would open another one.
  await new Promise((r) => setImmediate(r));
  return simResponse(res.statusCode, res.statusText, body, (name) => {
    const value = res.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  });
}

function secureHttp(u: URL, init: SimRequest): Promise<SimResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port || 443,
        path: u.pathname + u.search,
        method: init.method ?? 'GET',
        headers: init.body === undefined ? init.headers : { ...init.headers, 'Content-Length': String(Buffer.byteLength(init.body)) },
        agent: httpsAgent,
        timeout: init.timeoutMs ?? 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve(
            simResponse(res.statusCode ?? 0, res.statusMessage ?? '', Buffer.concat(chunks).toString('utf8'), (name) => {
              const value = res.headers[name.toLowerCase()];
              return Array.isArray(value) ? value.join(', ') : value;
            }),
          ),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out after ${init.timeoutMs ?? 15_000} ms`)));
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

export function simFetch(url: string, init: SimRequest = {}): Promise<SimResponse> {
  const u = new URL(url);
  if (u.protocol === 'https:') return secureHttp(u, init);
  if (u.protocol !== 'http:') return Promise.reject(new Error(`unsupported URL scheme ${u.protocol}`));
  return plainHttp(u, init);
}

/** How a phone's firmware retries a request the server could not take: a busy answer or a lost connection. */
export interface RetryPolicy {
  /** Further tries after the first. */
  retries: number;
  /** First wait after a lost connection; doubled each time, with jitter. */
  baseDelayMs: number;
  /** Longest single wait. */
  maxDelayMs: number;
}

export const FIRMWARE_RETRY: RetryPolicy = { retries: 10, baseDelayMs: 1000, maxDelayMs: 16_000 };

/** `Retry-After` in seconds (the only form a server sends here), else undefined. */
function retryAfterMs(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,5}$/.test(value.trim())) return undefined;
  return Number(value) * 1000;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `simFetch` as deskphone firmware behaves when the server is overloaded: a `503` is tried again
 * after its `Retry-After` (else the back-off), and a connection refused, reset or
 * closed before an answer is tried again after a growing, jittered back-off (1, 2, 4 … s), so a
 * building's phones booting at once spread out instead of hammering in step. Other answers,
 * including errors, are returned as they are.
 */
export async function firmwareFetch(url: string, init: SimRequest = {}, policy: RetryPolicy = FIRMWARE_RETRY): Promise<SimResponse> {
  for (let attempt = 0; ; attempt++) {
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt) * (0.5 + Math.random());
    let response: SimResponse;
    try {
      response = await simFetch(url, init);
    } catch (error) {
      if (/unsupported URL scheme|line break/.test((error as Error).message)) throw error;
      if (attempt >= policy.retries) throw new Error(`${(error as Error).message}, ${attempt + 1} tries`, { cause: error });
      await sleep(backoff);
      continue;
    }
    if (response.status !== 503 || attempt >= policy.retries) return response;
    // At least what the server said, and longer as the tries go on: a crowd spreads out.
    const told = Math.min(policy.maxDelayMs, retryAfterMs(response.header('retry-after')) ?? 0);
    await sleep(Math.max(told * (1 + Math.random() * 0.5), backoff));
  }
}
