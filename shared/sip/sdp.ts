/**
 * Just enough SDP (RFC 4566, offer/answer per RFC 3264) for a virtual phone to answer a call: read
 * the audio line of an offer and answer with one codec both sides have (G.711 µ-law or A-law).
 */

export interface SdpOffer {
  address: string;
  port: number;
  /** Static and dynamic payload types offered for audio, in order. */
  payloads: number[];
}

/** Payload types a virtual phone can answer with, preferred first: PCMU, PCMA. */
const ANSWERABLE: ReadonlyArray<readonly [number, string]> = [
  [0, 'PCMU/8000'],
  [8, 'PCMA/8000'],
];

export function parseSdpOffer(text: string): SdpOffer | undefined {
  let address = '';
  let audio: { port: number; payloads: number[] } | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('c=') && !address) address = line.split(/\s+/)[2] ?? '';
    const m = /^m=audio\s+(\d+)\s+\S+\s+(.*)$/.exec(line);
    if (m && !audio) {
      audio = {
        port: Number(m[1]),
        payloads: (m[2] ?? '')
          .split(/\s+/)
          .map(Number)
          .filter((n) => Number.isInteger(n)),
      };
    }
  }
  if (!audio || !address) return undefined;
  return { address, ...audio };
}

/** An answer on `address:port` with the first codec of ours the offer has, or undefined when none matches. */
export function buildSdpAnswer(offer: SdpOffer | undefined, address: string, port: number, sessionId: number): string | undefined {
  const pick = offer ? ANSWERABLE.find(([pt]) => offer.payloads.includes(pt)) : ANSWERABLE[0];
  if (!pick) return undefined;
  const [pt, map] = pick;
  return [
    'v=0',
    `o=- ${sessionId} ${sessionId} IN IP4 ${address}`,
    's=-',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP ${pt}`,
    `a=rtpmap:${pt} ${map}`,
    'a=sendrecv',
    '',
  ].join('\r\n');
}
