/**
 * SIP plug-and-play (FORMATS section 5): a factory-fresh phone multicasts
 * `SUBSCRIBE sip:MAC%3A<mac>@224.0.1.75` with `Event: ua-profile;vendor=..;model=..;version=..`;
 * the server answers 200 OK, then a NOTIFY whose body (application/url) is the provisioning URL.
 * Both ends are here: the server's (listener) and the phone's (virtual phone).
 */
import { parseMac, type Mac } from '../mac';
import { headerAll, headerParams, headerText, parseSipMessage, serialize, uriHostPort, type SipMessage } from '../sip/message';

export const PNP_GROUP = '224.0.1.75';
export const PNP_PORT = 5060;

export interface PnpSubscribe {
  mac: Mac;
  vendor: string;
  model: string;
  firmware: string;
  /** Where the NOTIFY goes: the Contact, else the Via's sent-by. */
  notifyTo: { host: string; port: number } | null;
  message: SipMessage;
}

function macFromUri(uri: string): Mac | null {
  let decoded = uri;
  try {
    decoded = decodeURIComponent(uri);
  } catch {
    // keep it as is
  }
  const m = /MAC:([0-9a-f:.-]{12,17})@/i.exec(decoded);
  return m ? parseMac(m[1] as string) : null;
}

function clean(text: string | undefined, max = 64): string {
  return (text ?? '').replace(/[^\x20-\x7e]/g, '').slice(0, max);
}

/**
 * A dotted IPv4 address a NOTIFY may go to: not 0/8, multicast, reserved or the broadcast address
 * (a URL sent there would reach every host). Loopback is let through: only this machine hears it.
 */
export function isUnicastIpv4(host: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return false;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return false;
  const first = octets[0] as number;
  return first !== 0 && first < 224;
}

/** Headers a request carries once (RFC 3261 7.3.1): two different values make it unreadable. */
const SINGLE = ['from', 'to', 'call-id', 'cseq', 'content-length', 'event', 'contact'];

/** `SIP/2.0/UDP host[:port]` of the top Via, with the port in range, or null. */
function topVia(value: string): { host: string; port: number } | null {
  const via = /^SIP\s*\/\s*2\.0\s*\/\s*UDP\s+(\[[0-9a-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\s*(?:;|,|$)/i.exec(value);
  if (!via) return null;
  const port = via[2] === undefined ? 5060 : Number(via[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { host: via[1] as string, port };
}

/**
 * A ua-profile SUBSCRIBE from a phone, or null for anything else. Only a request RFC 3261 accepts
 * is read: From and To with a URI, a Call-ID, a CSeq whose method is SUBSCRIBE, a top Via over UDP
 * with its port in range, a Content-Length (when given) that the body fills (18.3: over UDP a
 * longer one means the datagram is discarded), and no singleton header twice. The NOTIFY goes to
 * the Contact, else the Via's sent-by, and only to a unicast IPv4 address with a port in range: a
 * SUBSCRIBE naming any other place (broadcast, multicast, loopback, a host name) is not answered.
 */
export function readPnpSubscribe(text: string): PnpSubscribe | null {
  const msg = parseSipMessage(text, { lenient: true });
  if (!msg || msg.kind !== 'request' || msg.method !== 'SUBSCRIBE') return null;
  for (const name of SINGLE) if (new Set(msg.headers.values.get(name) ?? []).size > 1) return null;
  const event = headerText(msg, 'event');
  if (!/^ua-profile\b/i.test(event)) return null;
  const mac = macFromUri(msg.uri) ?? macFromUri(headerText(msg, 'from'));
  if (!mac || mac === '000000000000') return null;
  if (!/\b(sips?|tel):\S/i.test(headerText(msg, 'from')) || !/\b(sips?|tel):\S/i.test(headerText(msg, 'to'))) return null;
  if (!headerText(msg, 'call-id') || /\s/.test(headerText(msg, 'call-id'))) return null;
  const cseq = /^(\d{1,10})\s+([A-Za-z]+)$/.exec(headerText(msg, 'cseq'));
  if (!cseq || cseq[2] !== 'SUBSCRIBE' || Number(cseq[1]) >= 2 ** 31) return null;
  const via = topVia(headerText(msg, 'via'));
  if (!via) return null;
  const length = msg.headers.values.get('content-length')?.[0];
  if (length !== undefined && (!/^\d{1,5}$/.test(length) || Number(length) > msg.body.length)) return null;
  const contactHeader = headerText(msg, 'contact');
  const contact = contactHeader ? uriHostPort(contactHeader) : null;
  if (contactHeader && contact && !isUnicastIpv4(contact.host)) return null;
  if (/^[\d.]+$/.test(via.host) && !isUnicastIpv4(via.host)) return null;
  const p = headerParams(event);
  const viaTarget = isUnicastIpv4(via.host) ? via : null;
  return {
    mac,
    vendor: clean(p.get('vendor'), 32),
    model: clean(p.get('model')),
    firmware: clean(p.get('version')),
    notifyTo: contact ?? viaTarget,
    message: msg,
  };
}

/** What tells a retransmitted SUBSCRIBE from a new one (RFC 3261 17.2.3): branch, sent-by, Call-ID, CSeq. */
export function transactionKey(sub: SipMessage): string {
  return [headerText(sub, 'via'), headerText(sub, 'call-id'), headerText(sub, 'cseq')].join('\n');
}

function withTag(value: string, tag: string): string {
  return /;\s*tag=/i.test(value) ? value : `${value};tag=${tag}`;
}

/** The 200 OK to a SUBSCRIBE: Via, From, Call-ID and CSeq echoed; our tag on To. */
export function buildSubscribeOk(sub: SipMessage, toTag: string, contact: string): string {
  const vias = headerAll(sub.headers, 'via');
  return serialize('SIP/2.0 200 OK', [
    ...vias.map((v): [string, string] => ['Via', v]),
    ['From', headerText(sub, 'from')],
    ['To', withTag(headerText(sub, 'to'), toTag)],
    ['Call-ID', headerText(sub, 'call-id')],
    ['CSeq', headerText(sub, 'cseq')],
    ['Contact', `<${contact}>`],
    ['Expires', '0'],
  ]);
}

export interface NotifyParams {
  subscribe: SipMessage;
  toTag: string;
  localIp: string;
  localPort: number;
  branch: string;
  provisioningUrl: string;
  /** Where the NOTIFY is sent (the phone): its Request-URI names the same place. */
  target?: { host: string; port: number };
}

/**
 * The NOTIFY carrying the provisioning URL; the dialog is the SUBSCRIBE's, seen from our side.
 * It is addressed to the phone: its Contact, else where it is sent (the Via's sent-by, else the
 * SUBSCRIBE's source address).
 */
export function buildPnpNotify(p: NotifyParams): string {
  const target = uriHostPort(headerText(p.subscribe, 'contact')) ?? p.target;
  const requestUri = target ? `sip:${target.host}:${target.port}` : `sip:${p.localIp}`;
  return serialize(
    `NOTIFY ${requestUri} SIP/2.0`,
    [
      ['Via', `SIP/2.0/UDP ${p.localIp}:${p.localPort};branch=z9hG4bK${p.branch};rport`],
      ['Max-Forwards', '70'],
      ['From', withTag(headerText(p.subscribe, 'to'), p.toTag)],
      ['To', headerText(p.subscribe, 'from')],
      ['Call-ID', headerText(p.subscribe, 'call-id')],
      ['CSeq', '1 NOTIFY'],
      ['Contact', `<sip:${p.localIp}:${p.localPort}>`],
      ['Event', 'ua-profile'],
      ['Subscription-State', 'terminated;reason=timeout'],
      ['Content-Type', 'application/url'],
    ],
    p.provisioningUrl,
  );
}

// --- The phone's side (the virtual phone) ---

export interface PnpIdentity {
  mac: Mac;
  vendor: string;
  model: string;
  firmware: string;
}

export function buildPnpSubscribe(
  id: PnpIdentity,
  localIp: string,
  localPort: number,
  ids: { callId: string; tag: string; branch: string },
): string {
  const aor = `sip:MAC%3A${id.mac}@${PNP_GROUP}`;
  return serialize(`SUBSCRIBE ${aor} SIP/2.0`, [
    ['Via', `SIP/2.0/UDP ${localIp}:${localPort};branch=z9hG4bK${ids.branch};rport`],
    ['Max-Forwards', '70'],
    ['From', `<${aor}>;tag=${ids.tag}`],
    ['To', `<${aor}>`],
    ['Call-ID', ids.callId],
    ['CSeq', '1 SUBSCRIBE'],
    ['Contact', `<sip:${localIp}:${localPort}>`],
    ['Event', `ua-profile;profile-type="device";vendor="${id.vendor}";model="${id.model}";version="${id.firmware}"`],
    ['Expires', '0'],
    ['Accept', 'application/url'],
  ]);
}

/** The provisioning URL of a ua-profile NOTIFY, or null when it is not one. */
export function readPnpNotify(msg: SipMessage): string | null {
  if (msg.kind !== 'request' || msg.method !== 'NOTIFY' || !/^ua-profile\b/i.test(headerText(msg, 'event'))) return null;
  const url = msg.body.trim().split(/\s+/)[0] ?? '';
  return /^(https?|tftp|ftp):\/\/\S+$/i.test(url) ? url : null;
}

/** The phone's 200 OK to the NOTIFY. */
export function buildNotifyOk(notify: SipMessage): string {
  return serialize('SIP/2.0 200 OK', [
    ...headerAll(notify.headers, 'via').map((v): [string, string] => ['Via', v]),
    ['From', headerText(notify, 'from')],
    ['To', headerText(notify, 'to')],
    ['Call-ID', headerText(notify, 'call-id')],
    ['CSeq', headerText(notify, 'cseq')],
  ]);
}
