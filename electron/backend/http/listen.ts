/** Starting and stopping an HTTP server with limits that keep slow or hostile clients in check. */
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface Listening {
  server: Server;
  host: string;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  maxHeaderSize?: number;
  requestTimeoutMs?: number;
  maxConnections?: number;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string; cert: string };
}

export async function listen(handler: RequestListener, options: ListenOptions): Promise<Listening> {
  const maxHeaderSize = options.maxHeaderSize ?? 8192;
  // Timeouts are enforced on this interval (Node's default, 30 s, lets a slow sender hold a slot far longer than headersTimeout).
  const connectionsCheckingInterval = 1000;
  const server: Server = options.tls
    ? createTlsServer(
        { maxHeaderSize, connectionsCheckingInterval, key: options.tls.key, cert: options.tls.cert, handshakeTimeout: 10_000 },
        handler,
      )
    : createServer({ maxHeaderSize, connectionsCheckingInterval }, handler);
  server.requestTimeout = options.requestTimeoutMs ?? 15_000;
  server.headersTimeout = Math.min(server.requestTimeout, 10_000);
  server.keepAliveTimeout = 5_000;
  if (options.maxConnections) server.maxConnections = options.maxConnections;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
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
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    host: options.host,
    port: address.port,
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
