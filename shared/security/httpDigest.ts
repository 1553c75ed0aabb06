/**
 * HTTP digest authentication, server side (RFC 7616: MD5 and SHA-256, qop=auth, and the RFC 2069
 * form without qop that old firmware sends). Pure: the hash function is passed in.
 */
import type { DigestAlgorithm, HashHex } from '../sip/digest';

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];

export interface DigestAnswer {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: DigestAlgorithm;
  qop?: string;
  nc?: string;
  cnonce?: string;
  opaque?: string;
}

const MAX_HEADER = 2048;

/** Reads an `Authorization: Digest …` header; undefined for anything else or anything malformed. */
export function parseDigestAuthorization(header: string): DigestAnswer | undefined {
  if (header.length > MAX_HEADER) return undefined;
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m) return undefined;
  const params = new Map<string, string>();
  const re = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))\s*(?:,|$)/gy;
  const text = (m[1] as string).trim();
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const p = re.exec(text);
    if (!p) return undefined;
    const key = (p[1] as string).toLowerCase();
    if (params.has(key)) return undefined;
    params.set(key, p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? ''));
    pos = re.lastIndex;
    while (text[pos] === ' ') pos++;
  }
  const algorithmText = (params.get('algorithm') ?? 'MD5').toUpperCase();
  const algorithm = DIGEST_ALGORITHMS.find((a) => a === algorithmText);
  const get = (k: string) => params.get(k);
  const [username, realm, nonce, uri, response] = ['username', 'realm', 'nonce', 'uri', 'response'].map(get);
  if (!algorithm || username === undefined || realm === undefined || nonce === undefined || uri === undefined || response === undefined) {
    return undefined;
  }
  if (!/^[0-9a-f]+$/i.test(response)) return undefined;
  const qop = get('qop');
  const nc = get('nc');
  const cnonce = get('cnonce');
  if (qop !== undefined && (qop !== 'auth' || nc === undefined || cnonce === undefined || !/^[0-9a-f]{8}$/i.test(nc))) return undefined;
  const opaque = get('opaque');
  return {
    username,
    realm,
    nonce,
    uri,
    response: response.toLowerCase(),
    algorithm,
    ...(qop !== undefined ? { qop, nc, cnonce } : {}),
    ...(opaque !== undefined ? { opaque } : {}),
  };
}

/** The response a client knowing `password` must have sent for this answer's fields. */
export function expectedDigestResponse(answer: DigestAnswer, password: string, method: string, hash: HashHex): string {
  const ha1 = hash(answer.algorithm, `${answer.username}:${answer.realm}:${password}`);
  const ha2 = hash(answer.algorithm, `${method}:${answer.uri}`);
  return answer.qop === 'auth'
    ? hash(answer.algorithm, `${ha1}:${answer.nonce}:${answer.nc}:${answer.cnonce}:auth:${ha2}`)
    : hash(answer.algorithm, `${ha1}:${answer.nonce}:${ha2}`);
}

function quote(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/** The WWW-Authenticate header values, strongest first (RFC 7616 3.7). */
export function digestChallenges(realm: string, nonce: string, opaque: string, stale: boolean): string[] {
  return DIGEST_ALGORITHMS.map(
    (alg) =>
      `Digest realm=${quote(realm)}, qop="auth", algorithm=${alg}, nonce=${quote(nonce)}, opaque=${quote(opaque)}${stale ? ', stale=true' : ''}`,
  );
}
