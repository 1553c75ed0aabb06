/** The HTTP side of a device request, for the Express app and the hot routes alike: who called, and how an answer is written. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientIp } from '../http/respond';
import type { Caller, DeviceResponse } from '../pipeline/request';

/** Firmware that asks for text/plain (and not JSON) gets the bare URL; everything else gets JSON. */
export function wantsPlainText(accept: string | undefined): boolean {
  return accept !== undefined && !accept.includes('json') && /\btext\/(plain|\*)/.test(accept);
}

export function callerOf(req: IncomingMessage): Caller {
  return {
    ip: clientIp(req),
    userAgent: (req.headers['user-agent'] ?? '').slice(0, 256),
    tls: (req.socket as { encrypted?: boolean }).encrypted === true,
  };
}

export function write(res: ServerResponse, answer: DeviceResponse): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}
