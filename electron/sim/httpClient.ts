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
