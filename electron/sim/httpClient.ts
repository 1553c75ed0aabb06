/**
 * The virtual phones' HTTP client. Plain HTTP goes over a small keep-alive connection pool with
 * the pure parser in shared/http/responseParser.ts: a thousand phones share one process here,
 * where each real phone has its own CPU, and node:http's client machinery would cost more per
 * request than the server spends answering (measured by `npm run bench -- registration`).
 * HTTPS goes through node:https.
 */
import { connect, type Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { HttpResponseParser, type HttpResponse } from '../../shared/http/responseParser';

const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256, rejectUnauthorized: false });
/** Idle connections kept per origin; more are closed when returned. */
const MAX_IDLE = 256;

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

interface IdleConnection {
  socket: Socket;
  /** Drops the connection from the pool when the server closes it. */
  forget: () => void;
}

const idle = new Map<string, IdleConnection[]>();

function watch(socket: Socket, listener: (() => void) | undefined, on: boolean): void {
  if (!listener) return;
  for (const event of ['end', 'error', 'close'] as const) {
    if (on) socket.once(event, listener);
    else socket.off(event, listener);
  }
}

function takeIdle(origin: string): Socket | undefined {
  const list = idle.get(origin);
  for (let entry = list?.pop(); entry; entry = list?.pop()) {
    watch(entry.socket, entry.forget, false);
    if (!entry.socket.destroyed && entry.socket.readyState === 'open') return entry.socket.ref();
  }
  return undefined;
}

function giveBack(origin: string, socket: Socket): void {
  const list = idle.get(origin) ?? [];
  if (list.length >= MAX_IDLE) {
    socket.destroy();
    return;
  }
  socket.setTimeout(0);
  // An idle connection does not keep the process alive (a simulation ends when its phones are done).
  socket.unref();
  // The server closes idle connections after its keep-alive timeout: drop them from the pool.
  const entry: IdleConnection = {
    socket,
    forget: () => {
      const at = list.indexOf(entry);
      if (at >= 0) list.splice(at, 1);
      socket.destroy();
    },
  };
  list.push(entry);
  idle.set(origin, list);
  watch(socket, entry.forget, true);
}

/** A connection closed before any byte of the answer came back: on a reused one, the request may be sent again. */
class StaleConnection extends Error {}

function exchange(
  origin: string,
  host: string,
  port: number,
  head: string,
  body: string | undefined,
  timeoutMs: number,
): Promise<HttpResponse> {
  const reused = takeIdle(origin);
  const socket = reused ?? connect({ host, port, noDelay: true });
  return new Promise<HttpResponse>((resolve, reject) => {
    const parser = new HttpResponseParser();
    let answered = false;
    let settled = false;
    const settle = (error: Error | undefined, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      socket.off('close', onEnd);
      socket.off('timeout', onTimeout);
      if (error) {
        socket.destroy();
        reject(error);
        return;
      }
      const done = response as HttpResponse;
      if (done.keepAlive) giveBack(origin, socket);
      else socket.destroy();
      resolve(done);
    };
    const onData = (chunk: Buffer) => {
      answered = true;
      try {
        const response = parser.feed(chunk);
        if (response) settle(undefined, response);
      } catch (e) {
        settle(e as Error);
      }
    };
    const onEnd = () => {
      if (!answered && reused) return settle(new StaleConnection('connection closed by the server'));
      try {
        settle(undefined, parser.end());
      } catch (e) {
        settle(e as Error);
      }
    };
    const onError = (e: Error) => settle(!answered && reused ? new StaleConnection(e.message) : e);
    const onTimeout = () => settle(new Error(`timed out after ${timeoutMs} ms`));
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
    socket.setTimeout(timeoutMs);
    socket.once('timeout', onTimeout);
    socket.write(body === undefined ? head : head + body);
  });
}

async function plainHttp(u: URL, init: SimRequest): Promise<SimResponse> {
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || 80);
  const lines = [`${init.method ?? 'GET'} ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`];
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (/[\r\n]/.test(name + value)) throw new Error(`header ${JSON.stringify(name)} holds a line break`);
    lines.push(`${name}: ${value}`);
  }
  if (init.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(init.body)}`);
  const head = lines.join('\r\n') + '\r\n\r\n';
  const timeoutMs = init.timeoutMs ?? 15_000;
  let response: HttpResponse;
  try {
    response = await exchange(u.host, host, port, head, init.body, timeoutMs);
  } catch (e) {
    if (!(e instanceof StaleConnection)) throw e;
    response = await exchange(u.host, host, port, head, init.body, timeoutMs);
  }
  return simResponse(
    response.status,
    response.statusText,
    Buffer.from(response.body.buffer, response.body.byteOffset, response.body.length).toString('utf8'),
    (name) => response.headers.get(name.toLowerCase()),
  );
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
