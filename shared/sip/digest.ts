/**
 * SIP digest authentication (RFC 3261 22, RFC 7616/8760 for SHA-256), pure: read a challenge,
 * choose an algorithm, and compute the response with a hash function the caller supplies (the
 * Node side passes node:crypto; this file stays free of it).
 */

/** The digest algorithms this app speaks, SIP and HTTP alike (RFC 8760, RFC 7616). */
export type DigestAlgorithm = 'MD5' | 'SHA-256';

export interface DigestChallenge {
  scheme: string;
  realm: string;
  nonce: string;
  algorithm: string;
  opaque?: string;
  /** The qop values offered, e.g. ["auth"]. */
  qop: string[];
  stale: boolean;
}

/** Reads `Digest realm="x", nonce="y", algorithm=SHA-256, qop="auth"`. */
export function parseChallenge(value: string): DigestChallenge | undefined {
  const m = /^\s*(\S+)\s+(.*)$/s.exec(value);
  if (!m) return undefined;
  const params = new Map<string, string>();
  const re = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (let p = re.exec(m[2] as string); p; p = re.exec(m[2] as string)) {
    params.set((p[1] as string).toLowerCase(), p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? ''));
  }
  const nonce = params.get('nonce');
  if (nonce === undefined) return undefined;
  return {
    scheme: m[1] as string,
    realm: params.get('realm') ?? '',
    nonce,
    algorithm: params.get('algorithm') ?? 'MD5',
    ...(params.has('opaque') ? { opaque: params.get('opaque') } : {}),
    qop: (params.get('qop') ?? '')
      .split(',')
      .map((q) => q.trim())
      .filter(Boolean),
    stale: (params.get('stale') ?? '').toLowerCase() === 'true',
  };
}

/** The strongest challenge among those offered that this side supports, by `preference` order. */
export function pickChallenge(
  challenges: readonly DigestChallenge[],
  preference: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'],
): (DigestChallenge & { algorithm: DigestAlgorithm }) | undefined {
  for (const want of preference) {
    const found = challenges.find((c) => c.scheme.toLowerCase() === 'digest' && c.algorithm.toUpperCase() === want);
    if (found) return { ...found, algorithm: want };
  }
  return undefined;
}

export type HashHex = (algorithm: DigestAlgorithm, text: string) => string;

export interface DigestInput {
  challenge: DigestChallenge & { algorithm: DigestAlgorithm };
  username: string;
  password: string;
  method: string;
  uri: string;
  /** Client nonce and count, used when the server offered qop=auth. */
  cnonce: string;
  nc: number;
}

function quote(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/** The Authorization header value answering `challenge`. */
export function digestAuthorization(input: DigestInput, hash: HashHex): string {
  const { challenge: c, username, password, method, uri } = input;
  const alg = c.algorithm;
  const ha1 = hash(alg, `${username}:${c.realm}:${password}`);
  const ha2 = hash(alg, `${method}:${uri}`);
  const useQop = c.qop.includes('auth');
  const nc = input.nc.toString(16).padStart(8, '0');
  const response = useQop ? hash(alg, `${ha1}:${c.nonce}:${nc}:${input.cnonce}:auth:${ha2}`) : hash(alg, `${ha1}:${c.nonce}:${ha2}`);
  const parts = [
    `username=${quote(username)}`,
    `realm=${quote(c.realm)}`,
    `nonce=${quote(c.nonce)}`,
    `uri=${quote(uri)}`,
    `response=${quote(response)}`,
    `algorithm=${alg}`,
    ...(c.opaque !== undefined ? [`opaque=${quote(c.opaque)}`] : []),
    ...(useQop ? [`qop=auth`, `nc=${nc}`, `cnonce=${quote(input.cnonce)}`] : []),
  ];
  return `Digest ${parts.join(', ')}`;
}
