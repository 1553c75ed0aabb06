/**
 * Starting and stopping an HTTP server with limits that keep slow, hostile or simply too many
 * clients in check, and that answer rather than hang up:
 * - past the connection budget a request gets `503` with `Retry-After` (phones retry; a closed
 *   connection with no answer looks like a network fault to them); only past a hard cap, far
 *   above, is a new connection closed unanswered;
 * - a request declaring a body over the limit gets `413` at once (a body parser would first read
 *   the whole body off the wire);
 * - header and request timeouts, checked every second.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface Listening {
  server: Server;
  host: string;
  port: number;
  /** Requests answered 503 because the connection budget was spent, since start. */
  readonly busyAnswers: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  maxHeaderSize?: number;
  /** Time to receive a whole request (0: none). */
  requestTimeoutMs?: number;
  /** Time to receive a request's headers. */
  headersTimeoutMs?: number;
  /** Connections served at once; a request on a connection past it gets 503 with Retry-After. */
  connectionBudget?: number;
  /** Connections past this are closed unanswered (default: four times the budget). */
  hardConnectionCap?: number;
  /** Seconds a client is told to wait in Retry-After. */
  retryAfterSeconds?: number;
  /** A request declaring a larger body (Content-Length) gets 413 at once. */
  maxBodyBytes?: number;
  /**
   * Connections the kernel queues before they are accepted (Node's default, 511). A long queue
   * is not kinder to a crowd: a connection waiting behind thousands outlives its client's
   * timeout, and the server then spends its time accepting connections nobody waits on; past a
   * short queue the client's own SYN retransmission backs off instead.
   */
  backlog?: number;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string; cert: string };
}

function refuse(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  hint: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ error: { code, message, hint } });
  res.shouldKeepAlive = false;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    Connection: 'close',
    ...headers,
  });
  res.end(body);
}

export async function listen(handler: RequestListener, options: ListenOptions): Promise<Listening> {
  const maxHeaderSize = options.maxHeaderSize ?? 8192;
  // Timeouts are enforced on this interval (Node's default, 30 s, lets a slow sender hold a slot far longer than headersTimeout).
  const connectionsCheckingInterval = 1000;
  const sockets = new Set<Socket>();
  const budget = options.connectionBudget;
  const hardCap = options.hardConnectionCap ?? (budget ? budget * 4 : undefined);
  const retryAfter = String(options.retryAfterSeconds ?? 2);
  let busyAnswers = 0;
  const guarded: RequestListener = (req: IncomingMessage, res: ServerResponse) => {
    if (budget !== undefined && sockets.size > budget) {
      busyAnswers++;
      refuse(res, 503, 'unavailable', 'The server is busy', `Try again in ${retryAfter} seconds.`, { 'Retry-After': retryAfter });
      return;
    }
    const declared = req.headers['content-length'];
    if (options.maxBodyBytes !== undefined && declared !== undefined && Number(declared) > options.maxBodyBytes) {
      refuse(res, 413, 'payload_too_large', 'The request body is too large', `Send at most ${options.maxBodyBytes} bytes.`);
      return;
    }
    handler(req, res);
  };
  const server: Server = options.tls
    ? createTlsServer(
        { maxHeaderSize, connectionsCheckingInterval, key: options.tls.key, cert: options.tls.cert, handshakeTimeout: 10_000 },
        guarded,
      )
    : createServer({ maxHeaderSize, connectionsCheckingInterval }, guarded);
  server.requestTimeout = options.requestTimeoutMs ?? 15_000;
  server.headersTimeout = options.headersTimeoutMs ?? Math.min(server.requestTimeout || 10_000, 10_000);
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket: Socket) => {
    if (hardCap !== undefined && sockets.size >= hardCap) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end(
        'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":{"code":"bad_request","message":"Malformed HTTP request"}}',
      );
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: options.host, backlog: options.backlog ?? 511 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A server error after start (EMFILE on accept, say) must not stop the process: the server goes on accepting.
  server.on('error', () => undefined);
  const address = server.address() as AddressInfo;
  return {
    server,
    host: options.host,
    port: address.port,
    get busyAnswers() {
      return busyAnswers;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, 1000).unref();
      }),
  };
}
