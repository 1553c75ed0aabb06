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

/** A ua-profile SUBSCRIBE from a phone, or null for anything else. */
export function readPnpSubscribe(text: string): PnpSubscribe | null {
  const msg = parseSipMessage(text, { lenient: true });
  if (!msg || msg.kind !== 'request' || msg.method !== 'SUBSCRIBE') return null;
  const event = headerText(msg, 'event');
  if (!/^ua-profile\b/i.test(event)) return null;
  const mac = macFromUri(msg.uri) ?? macFromUri(headerText(msg, 'from'));
  if (!mac || mac === '000000000000') return null;
  if (!headerText(msg, 'call-id') || !headerText(msg, 'via') || !headerText(msg, 'cseq')) return null;
  const p = headerParams(event);
  const contact = uriHostPort(headerText(msg, 'contact'));
  const via = /SIP\/2\.0\/UDP\s+([^;:\s]+)(?::(\d+))?/i.exec(headerText(msg, 'via'));
  const viaTarget = via ? { host: via[1] as string, port: via[2] ? Number(via[2]) : 5060 } : null;
  return {
    mac,
    vendor: clean(p.get('vendor'), 32),
    model: clean(p.get('model')),
    firmware: clean(p.get('version')),
    notifyTo: contact ?? viaTarget,
    message: msg,
  };
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
}

/** The NOTIFY carrying the provisioning URL; the dialog is the SUBSCRIBE's, seen from our side. */
export function buildPnpNotify(p: NotifyParams): string {
  const target = uriHostPort(headerText(p.subscribe, 'contact'));
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
