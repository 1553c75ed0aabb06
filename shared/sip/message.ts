/**
 * SIP messages (RFC 3261), pure: parse a datagram into a request or response, build one back.
 * Header names are matched case-insensitively and compact forms (v, f, t, i, m, l, ...) are
 * expanded, so what Asterisk or a phone sends in any spelling reads the same.
 *
 * Two modes, one parser: strict (the default) throws SipParseError on anything malformed, for
 * the virtual phone talking to Asterisk; lenient (`{ lenient: true }`) is for discovery, which
 * reads datagrams from anything on the LAN: it never throws, skips header lines it cannot read,
 * and returns null for what is not SIP at all or is longer than MAX_SIP_DATAGRAM.
 */

export interface SipHeaders {
  /** Canonical lower-case name -> every value, in order. */
  readonly values: ReadonlyMap<string, readonly string[]>;
}

export type SipMessage =
  | { kind: 'request'; method: string; uri: string; headers: SipHeaders; body: string }
  | { kind: 'response'; status: number; reason: string; headers: SipHeaders; body: string };

export class SipParseError extends Error {}

/** The longest datagram discovery reads; anything longer is not a phone talking to us. */
export const MAX_SIP_DATAGRAM = 8192;

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

export interface ParseOptions {
  /** Never throw: skip unreadable header lines, null for what is not a SIP message. */
  lenient?: boolean;
}

export function parseSipMessage(text: string): SipMessage;
export function parseSipMessage(text: string, options: { lenient: true }): SipMessage | null;
export function parseSipMessage(text: string, options: ParseOptions = {}): SipMessage | null {
  const lenient = options.lenient === true;
  if (lenient && (text.length === 0 || text.length > MAX_SIP_DATAGRAM)) return null;
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
  const fail = (message: string): null => {
    if (lenient) return null;
    throw new SipParseError(message);
  };
  if (!start) return fail('empty message');
  const values = new Map<string, string[]>();
  for (const line of lines) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      if (lenient) continue;
      throw new SipParseError(`not a header line: "${line.slice(0, 60)}"`);
    }
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
  return fail(`not a SIP start line: "${start.slice(0, 60)}"`);
}

/** The first value of a header of `msg`, or '' when it has none (for readers of LAN datagrams). */
export function headerText(msg: SipMessage, name: string): string {
  return header(msg.headers, name) ?? '';
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

/** A message from its start line, headers in the order given, and body; Content-Length is added. */
export function serialize(startLine: string, headers: ReadonlyArray<readonly [string, string]>, body = ''): string {
  const lines = [startLine, ...headers.map(([k, v]) => `${k}: ${v}`), `Content-Length: ${utf8Length(body)}`];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** A request; unlike serialize, refuses any part holding a line break (it would forge headers). */
export function buildRequest(req: BuildRequest): string {
  const start = `${checkLine(req.method, 'method')} ${checkLine(req.uri, 'request URI')} SIP/2.0`;
  return serialize(
    start,
    req.headers.map(([name, value]) => [checkLine(name, 'header name'), checkLine(value, name)] as const),
    req.body ?? '',
  );
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

/**
 * `<sip:a@b;transport=udp>;tag=x;expires=60` -> parameters after the address (not the URI's),
 * lower-case names; `ua-profile;vendor="Yealink"` -> the parameters after the first value.
 * Quoted values may hold `;` and backslash escapes.
 */
export function headerParams(value: string): Map<string, string> {
  const tail = value.includes('>') ? value.slice(value.lastIndexOf('>') + 1) : value;
  const params = new Map<string, string>();
  const re = /;\s*([A-Za-z0-9_.!%*+`'~-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^;]*))?/g;
  for (let m = re.exec(tail); m; m = re.exec(tail)) {
    const v = (m[2] ?? '').trim();
    params.set((m[1] as string).toLowerCase(), v.startsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v);
  }
  return params;
}

/** The host and port of a SIP URI inside a header (`<sip:user@10.0.0.5:5062;transport=udp>`). */
export function uriHostPort(value: string): { host: string; port: number } | null {
  const m = /sips?:(?:[^@<>;]*@)?(\[[^\]]+\]|[^:;>\s]+)(?::(\d{1,5}))?/i.exec(value);
  if (!m) return null;
  const port = m[2] ? Number(m[2]) : 5060;
  if (port < 1 || port > 65535) return null;
  return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port };
}

export function parseCSeq(value: string | undefined): { seq: number; method: string } | undefined {
  const m = /^\s*(\d+)\s+([A-Z]+)\s*$/.exec(value ?? '');
  return m ? { seq: Number(m[1]), method: m[2] as string } : undefined;
}
