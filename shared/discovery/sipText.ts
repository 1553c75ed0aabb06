/**
 * Just enough SIP text for discovery: parse one UDP datagram, build an OPTIONS probe, and the
 * plug-and-play exchange (SUBSCRIBE, 200 OK, NOTIFY). The full, strict parser is shared/sip/;
 * this one reads datagrams from anything on the LAN, so it never throws and skips lines it cannot
 * read. Header names and lengths follow shared/sip/ (compact forms, UTF-8 byte counts).
 */
import { canonicalName, utf8Length } from '../sip/message';

export interface SipMessage {
  kind: 'request' | 'response';
  /** Requests only. */
  method: string;
  uri: string;
  /** Responses only. */
  status: number;
  reason: string;
  /** Lower-case full header names (compact forms expanded), values in order. */
  headers: Map<string, string[]>;
  body: string;
}

export const MAX_SIP_DATAGRAM = 8192;

export function parseSip(text: string): SipMessage | null {
  if (text.length === 0 || text.length > MAX_SIP_DATAGRAM) return null;
  const split = /\r?\n\r?\n/.exec(text);
  const head = split ? text.slice(0, split.index) : text;
  const body = split ? text.slice(split.index + split[0].length) : '';
  const lines = head.split(/\r?\n/);
  const start = lines.shift() ?? '';
  const msg: SipMessage = { kind: 'request', method: '', uri: '', status: 0, reason: '', headers: new Map(), body };
  const resp = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/.exec(start);
  const req = /^([A-Z]+)\s+(\S+)\s+SIP\/2\.0$/.exec(start);
  if (resp) {
    msg.kind = 'response';
    msg.status = Number(resp[1]);
    msg.reason = resp[2] as string;
  } else if (req) {
    msg.method = req[1] as string;
    msg.uri = req[2] as string;
  } else return null;
  let last: string | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && last) {
      const values = msg.headers.get(last) as string[];
      values[values.length - 1] += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = canonicalName(line.slice(0, colon));
    const value = line.slice(colon + 1).trim();
    const list = msg.headers.get(name) ?? [];
    list.push(value);
    msg.headers.set(name, list);
    last = name;
  }
  return msg;
}

export function header(msg: SipMessage, name: string): string {
  return msg.headers.get(name.toLowerCase())?.[0] ?? '';
}

/** `;name=value` or `;name="value"` parameters of a header value, names lower-cased. */
export function headerParams(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /;\s*([A-Za-z0-9_.-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^;]*))?/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const v = (m[2] ?? '').trim();
    out[(m[1] as string).toLowerCase()] = v.startsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;
  }
  return out;
}

/** The host and port of a SIP URI inside a header (`<sip:user@10.0.0.5:5062;transport=udp>`). */
export function uriHostPort(value: string): { host: string; port: number } | null {
  const m = /sips?:(?:[^@<>;]*@)?(\[[^\]]+\]|[^:;>\s]+)(?::(\d{1,5}))?/i.exec(value);
  if (!m) return null;
  const port = m[2] ? Number(m[2]) : 5060;
  if (port < 1 || port > 65535) return null;
  return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port };
}

export function serialize(startLine: string, headers: readonly [string, string][], body = ''): string {
  const bytes = utf8Length(body);
  const lines = [startLine, ...headers.map(([k, v]) => `${k}: ${v}`), `Content-Length: ${bytes}`, '', body];
  return lines.join('\r\n');
}

/** Random-enough tokens for branch, tag and Call-ID (the caller passes the randomness in). */
export function token(random: () => number, length = 16): string {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < length; i++) s += chars[Math.floor(random() * chars.length)];
  return s;
}

export interface OptionsProbe {
  targetIp: string;
  localIp: string;
  localPort: number;
  callId: string;
  branch: string;
  tag: string;
}

/** A SIP OPTIONS request to `sip:<ip>`: phones answer it with their User-Agent. */
export function buildOptions(p: OptionsProbe): string {
  return serialize(`OPTIONS sip:${p.targetIp}:5060 SIP/2.0`, [
    ['Via', `SIP/2.0/UDP ${p.localIp}:${p.localPort};branch=z9hG4bK${p.branch};rport`],
    ['Max-Forwards', '70'],
    ['From', `<sip:discovery@${p.localIp}>;tag=${p.tag}`],
    ['To', `<sip:${p.targetIp}>`],
    ['Call-ID', p.callId],
    ['CSeq', '1 OPTIONS'],
    ['Accept', 'application/sdp'],
    ['User-Agent', 'Deskphone Provisioner discovery'],
  ]);
}

/** What an answer to OPTIONS says about the device: its User-Agent, else its Server header. */
export function agentOf(msg: SipMessage): string {
  return header(msg, 'user-agent') || header(msg, 'server');
}
