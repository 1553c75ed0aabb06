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
}

export interface SimRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

function simResponse(status: number, statusText: string, body: string): SimResponse {
  return {
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
  return simResponse(res.statusCode, res.statusText, body);
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
        res.on('end', () => resolve(simResponse(res.statusCode ?? 0, res.statusMessage ?? '', Buffer.concat(chunks).toString('utf8'))));
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
