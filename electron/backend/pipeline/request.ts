/**
 * What the device pipeline takes and gives: no HTTP types. The device listener (device/app.ts)
 * and the plug-and-play listener turn what arrived into a `DeviceRequest`, and write the
 * `DeviceResponse` back in their own way.
 */
import type { Mac } from '../../../shared/mac';
import { AppError } from '../errors';
import type { Caller } from '../caller';

export type { Caller };

/** What the request asks for, as the listener's routes understood it. */
export type DeviceAsk =
  /** A provisioning file under a phone's token: /p/<token>/<file>. */
  | { kind: 'file'; token: string; file: string }
  /** An RPS lookup; `input` is the query or body, not yet checked. */
  | { kind: 'rps'; input: unknown; plainText: boolean }
  /** A plug-and-play SUBSCRIBE; the answer (a URL) goes to `notifyHost`. */
  | { kind: 'pnp'; mac: Mac; model: string; firmware: string; vendor: string; notifyHost: string }
  /** A vendor file name at the listener root, without a token. */
  | { kind: 'root'; file: string }
  /** Anything else. */
  | { kind: 'other' };

export interface DeviceRequest {
  caller: Caller;
  method: string;
  /** The request target as sent, e.g. /p/<token>/ACC.cfg (the digest's uri). */
  url: string;
  /** The path as received (the audit log gets it with tokens redacted). */
  path: string;
  /** The Authorization header, when one was sent. */
  authorization?: string;
  ask: DeviceAsk;
}

export type ResponseHeaders = Record<string, string | number | string[]>;

export interface DeviceResponse {
  status: number;
  headers: ResponseHeaders;
  body: Buffer;
}

/** A complete answer: the device routes send no conditional responses, so nothing is negotiated. */
export function reply(status: number, contentType: string, body: Buffer | string): DeviceResponse {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return { status, headers: { 'Content-Type': contentType, 'Content-Length': bytes.length, 'Cache-Control': 'no-store' }, body: bytes };
}

/** An AppError as `{error:{code,message,hint}}`, with its status and any headers the stage set. */
export function errorReply(error: AppError, headers: ResponseHeaders = {}): DeviceResponse {
  const body = Buffer.from(JSON.stringify(error.toBody()), 'utf8');
  return {
    status: error.status,
    headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length },
    body,
  };
}
