/** Turning errors into JSON responses, shared by both listeners. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { plainAddress } from '../../../shared/net/address';
import { AppError } from '../errors';
import type { Logger } from '../log';

export function sendError(res: Parameters<RequestHandler>[1], error: AppError): void {
  if (res.headersSent) return;
  res.status(error.status).type('application/json').send(JSON.stringify(error.toBody()));
}

/** Maps body-parser and zod failures to AppErrors; anything unknown becomes a plain 500. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    sendError(res, toAppError(err, req, log));
  };
}

export function toAppError(err: unknown, req: { method: string; path: string }, log: Logger): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return AppError.fromZod(err);
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.too.large') return new AppError('payload_too_large', 'The request body is too large', 'Send at most 64 KB.');
  if (e.type === 'entity.parse.failed') return new AppError('bad_request', 'The request body is not valid JSON');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return new AppError('unsupported_media_type', 'Unsupported body encoding', 'Send UTF-8.');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
    return new AppError('bad_request', 'The request could not be read');
  log.error('unexpected error', { method: req.method, path: req.path, error: e.message });
  return new AppError('internal', 'Something went wrong on our side', 'Try again; if it keeps happening, export the logs and report it.');
}

export const notFound: RequestHandler = (_req, res) => {
  sendError(res, new AppError('not_found', 'No such route'));
};

/** The client's address without the IPv4-mapped prefix. */
export function clientIp(req: { socket: { remoteAddress?: string | undefined } }): string {
  return plainAddress(req.socket.remoteAddress ?? '');
}
