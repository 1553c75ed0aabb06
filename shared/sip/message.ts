/**
 * SIP messages (RFC 3261), pure: parse a datagram into a request or response, build one back.
 * Header names are matched case-insensitively and compact forms (v, f, t, i, m, l, ...) are
 * expanded, so what Asterisk or a phone sends in any spelling reads the same.
 */

export interface SipHeaders {
  /** Canonical lower-case name -> every value, in order. */
  readonly values: ReadonlyMap<string, readonly string[]>;
}

export type SipMessage =
  | { kind: 'request'; method: string; uri: string; headers: SipHeaders; body: string }
  | { kind: 'response'; status: number; reason: string; headers: SipHeaders; body: string };

export class SipParseError extends Error {}

const COMPACT: Record<string, string> = {
  v: 'via',
  f: 'from',
  t: 'to',
  i: 'call-id',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  e: 'content-encoding',
  k: 'supported',
  s: 'subject',
  o: 'event',
  u: 'allow-events',
};

/** Headers whose values may be comma-joined on one line (not those holding dates or auth). */
const LIST_HEADERS = new Set(['via', 'contact', 'route', 'record-route', 'allow', 'supported', 'require']);

export function canonicalName(name: string): string {
  const lower = name.trim().toLowerCase();
  return COMPACT[lower] ?? lower;
}

export function header(headers: SipHeaders, name: string): string | undefined {
  return headers.values.get(canonicalName(name))?.[0];
}

export function headerAll(headers: SipHeaders, name: string): readonly string[] {
  return headers.values.get(canonicalName(name)) ?? [];
}

/** Splits on commas that are outside quotes and angle brackets. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && ch === '<') depth++;
    else if (!quoted && ch === '>') depth--;
    else if (!quoted && depth === 0 && ch === ',') {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((v) => v.length > 0);
}

export function parseSipMessage(text: string): SipMessage {
  const split = text.search(/\r?\n\r?\n/);
  const head = split < 0 ? text : text.slice(0, split);
  const rest = split < 0 ? '' : text.slice(split).replace(/^\r?\n\r?\n/, '');
  // Continuation lines (leading white space) belong to the header above.
  const lines = head.split(/\r?\n/).reduce<string[]>((acc, line) => {
    if (/^[ \t]/.test(line) && acc.length > 0) acc[acc.length - 1] += ` ${line.trim()}`;
    else acc.push(line);
    return acc;
  }, []);
  const start = lines.shift();
  if (!start) throw new SipParseError('empty message');
  const values = new Map<string, string[]>();
  for (const line of lines) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new SipParseError(`not a header line: "${line.slice(0, 60)}"`);
    const name = canonicalName(line.slice(0, colon));
    const value = line.slice(colon + 1).trim();
    const list = values.get(name) ?? [];
    if (LIST_HEADERS.has(name)) list.push(...splitList(value));
    else list.push(value);
    values.set(name, list);
  }
  const headers: SipHeaders = { values };
  const length = Number(header(headers, 'content-length') ?? rest.length);
  const body = Number.isInteger(length) && length >= 0 ? rest.slice(0, length) : rest;
  const response = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/.exec(start);
  if (response) return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', headers, body };
  const request = /^([A-Z]+)\s+(\S+)\s+SIP\/2\.0$/.exec(start);
  if (request) return { kind: 'request', method: request[1] as string, uri: request[2] as string, headers, body };
  throw new SipParseError(`not a SIP start line: "${start.slice(0, 60)}"`);
}

/** Bytes `text` takes in UTF-8 (Content-Length counts bytes, not characters). */
export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

export interface BuildRequest {
  method: string;
  uri: string;
  /** Name -> value (or values, one line each), in the order given. */
  headers: ReadonlyArray<readonly [string, string]>;
  body?: string;
}

function checkLine(value: string, what: string): string {
  if (/[\r\n]/.test(value)) throw new SipParseError(`${what} must be one line`);
  return value;
}

export function buildRequest(req: BuildRequest): string {
  const body = req.body ?? '';
  const lines = [`${checkLine(req.method, 'method')} ${checkLine(req.uri, 'request URI')} SIP/2.0`];
  for (const [name, value] of req.headers) lines.push(`${checkLine(name, 'header name')}: ${checkLine(value, name)}`);
  lines.push(`Content-Length: ${utf8Length(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** A response to `request` that copies Via, From, To, Call-ID and CSeq, as RFC 3261 8.2.6 says. */
export function buildResponse(
  request: Extract<SipMessage, { kind: 'request' }>,
  status: number,
  reason: string,
  extra: ReadonlyArray<readonly [string, string]> = [],
  toTag?: string,
  /** A body (an SDP answer); its Content-Type goes in `extra`. */
  body = '',
): string {
  const lines = [`SIP/2.0 ${status} ${checkLine(reason, 'reason')}`];
  for (const via of headerAll(request.headers, 'via')) lines.push(`Via: ${via}`);
  const to = header(request.headers, 'to') ?? '';
  lines.push(`From: ${header(request.headers, 'from') ?? ''}`);
  lines.push(`To: ${toTag && !/;\s*tag=/i.test(to) ? `${to};tag=${toTag}` : to}`);
  lines.push(`Call-ID: ${header(request.headers, 'call-id') ?? ''}`);
  lines.push(`CSeq: ${header(request.headers, 'cseq') ?? ''}`);
  for (const [name, value] of extra) lines.push(`${checkLine(name, 'header name')}: ${checkLine(value, name)}`);
  lines.push(`Content-Length: ${utf8Length(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** `<sip:a@b>;tag=x;expires=60` -> parameters after the address, lower-case names. */
export function headerParams(value: string): Map<string, string> {
  const semi = value.indexOf(';');
  const tail = value.includes('>') ? value.slice(value.lastIndexOf('>') + 1) : semi >= 0 ? value.slice(semi) : '';
  const params = new Map<string, string>();
  for (const part of tail.split(';').slice(1)) {
    const [k, v] = part.split('=', 2);
    if (k && k.trim()) params.set(k.trim().toLowerCase(), (v ?? '').trim().replace(/^"|"$/g, ''));
  }
  return params;
}

export function parseCSeq(value: string | undefined): { seq: number; method: string } | undefined {
  const m = /^\s*(\d+)\s+([A-Z]+)\s*$/.exec(value ?? '');
  return m ? { seq: Number(m[1]), method: m[2] as string } : undefined;
}
