/**
 * Hostile plug-and-play datagrams for the fuzz test: each names a phone the app knows (so only
 * its flaw can keep the URL from it) and breaks one rule RFC 3261 sets, or aims the answer at an
 * odd place (broadcast, multicast, 0.0.0.0, a host name, a port out of range), or is too big,
 * cut short or plain noise. None of them may be answered with a URL.
 */
const GROUP = '224.0.1.75';

/** A small seeded PRNG (mulberry32), so a failing datagram can be made again. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Parts {
  requestLine: string;
  headers: [string, string][];
  body: string;
}

function base(mac: string, ip: string, port: number, r: () => number): Parts {
  const id = Math.floor(r() * 1e12).toString(36);
  const aor = `sip:MAC%3A${mac}@${GROUP}`;
  return {
    requestLine: `SUBSCRIBE ${aor} SIP/2.0`,
    headers: [
      ['Via', `SIP/2.0/UDP ${ip}:${port};branch=z9hG4bK${id};rport`],
      ['From', `<${aor}>;tag=${id}`],
      ['To', `<${aor}>`],
      ['Call-ID', `${id}@${ip}`],
      ['CSeq', '1 SUBSCRIBE'],
      ['Contact', `<sip:${ip}:${port}>`],
      ['Event', 'ua-profile;profile-type="device";vendor="Yealink";model="T46U";version="108.86.0.20"'],
      ['Content-Length', '0'],
    ],
    body: '',
  };
}

function text(p: Parts): string {
  return [p.requestLine, ...p.headers.map(([k, v]) => `${k}: ${v}`), '', p.body].join('\r\n');
}

const without = (p: Parts, name: string): Parts => ({ ...p, headers: p.headers.filter(([k]) => k !== name) });
const setting = (p: Parts, name: string, value: string): Parts => ({
  ...p,
  headers: p.headers.map(([k, v]) => [k, k === name ? value : v]),
});
const adding = (p: Parts, name: string, value: string): Parts => ({ ...p, headers: [...p.headers, [name, value]] });

const ODD_HOSTS = ['255.255.255.255', '224.0.1.75', '239.1.2.3', '0.0.0.0', '240.0.0.1', 'evil.example', '[::1]'];
const BAD_PORTS = ['0', '99999', '65536', '-1', 'abc', '123456'];

/** The flaws, each a function of a valid SUBSCRIBE. */
const FLAWS: ((p: Parts, r: () => number, ip: string) => Parts | string)[] = [
  (p) => without(p, 'From'),
  (p) => without(p, 'To'),
  (p) => without(p, 'Call-ID'),
  (p) => without(p, 'CSeq'),
  (p) => without(p, 'Via'),
  (p) => without(p, 'Event'),
  (p) => setting(p, 'CSeq', '1 INVITE'),
  (p) => setting(p, 'CSeq', '1 subscribe'),
  (p) => setting(p, 'CSeq', 'x SUBSCRIBE'),
  (p) => setting(p, 'CSeq', '99999999999 SUBSCRIBE'),
  (p) => setting(p, 'From', 'nobody'),
  (p) => setting(p, 'To', ''),
  (p, r, ip) => setting(p, 'Via', `SIP/2.0/UDP ${ip}:${BAD_PORTS[Math.floor(r() * BAD_PORTS.length)]};branch=z9hG4bKx`),
  (p, _r, ip) => setting(p, 'Via', `SIP/2.0/TCP ${ip}:5060;branch=z9hG4bKx`),
  (p, r) => setting(without(p, 'Contact'), 'Via', `SIP/2.0/UDP ${ODD_HOSTS[Math.floor(r() * 5)]}:5060;branch=z9hG4bKx`),
  (p, r) => setting(p, 'Contact', `<sip:${ODD_HOSTS[Math.floor(r() * ODD_HOSTS.length)]}:5060>`),
  (p, r, ip) =>
    setting(
      setting(p, 'Contact', `<sip:${ip}:${BAD_PORTS[Math.floor(r() * 3)]}>`),
      'Via',
      `SIP/2.0/UDP ${ip}:${BAD_PORTS[Math.floor(r() * 3)]};branch=z9hG4bKx`,
    ),
  (p) => setting(p, 'Content-Length', '500'),
  (p) => setting(p, 'Content-Length', 'abc'),
  (p) => ({ ...setting(p, 'Content-Length', '40'), body: 'short' }),
  (p) => adding(p, 'CSeq', '2 SUBSCRIBE'),
  (p) => adding(p, 'From', '<sip:other@10.0.0.9>;tag=zz'),
  (p) => adding(p, 'Call-ID', 'another-call'),
  (p) => ({ ...p, requestLine: p.requestLine.replace('SUBSCRIBE', 'NOTIFY') }),
  (p) => ({ ...p, requestLine: p.requestLine.replace(/MAC%3A[0-9a-f]+/, 'MAC%3A000000000000') }),
  (p) => ({ ...p, requestLine: p.requestLine.replace(' SIP/2.0', ' SIP/3.0') }),
  (p) => setting(p, 'CSeq', '1\0SUBSCRIBE'),
  (p) => adding(p, 'X-Pad', 'A'.repeat(9000)),
  // Cut short before the Event header: something required is always missing.
  (p, r) => {
    const t = text(p);
    return t.slice(0, Math.floor(r() * t.indexOf('Event:')));
  },
  // Noise: random bytes, sometimes starting like a SUBSCRIBE.
  (p, r) => {
    const n = 1 + Math.floor(r() * 1400);
    const bytes = Array.from({ length: n }, () => String.fromCharCode(Math.floor(r() * 256))).join('');
    return r() < 0.5 ? bytes : `${p.requestLine}\r\n${bytes}`;
  },
  // Too big for a SIP datagram (the listener reads at most 8 KB).
  (p, r) => ({ ...p, body: 'x'.repeat(9000 + Math.floor(r() * 40_000)), headers: without(p, 'Content-Length').headers }),
];

export const FLAW_COUNT = FLAWS.length;

/** Datagram number `i` (latin1 text), aimed at `mac`, claiming to come from `ip:port`. */
export function hostileDatagram(i: number, mac: string, ip: string, port: number): Buffer {
  const r = prng(i * 7919 + 1);
  const flaw = FLAWS[i % FLAWS.length] as (typeof FLAWS)[number];
  const made = flaw(base(mac, ip, port, r), r, ip);
  return Buffer.from(typeof made === 'string' ? made : text(made), 'latin1');
}

/** The same phone's SUBSCRIBE with no flaw (to check the test itself: this one is answered). */
export function validDatagram(mac: string, ip: string, port: number): Buffer {
  return Buffer.from(text(base(mac, ip, port, prng(42))), 'latin1');
}
