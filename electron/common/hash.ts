/**
 * The hash the digest computations (shared/sip/digest.ts, shared/security/httpDigest.ts) need,
 * from node:crypto: one function for the device listener's HTTP digest and the virtual phone's SIP
 * digest alike.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DigestAlgorithm, HashHex } from '../../shared/sip/digest';

const NODE_NAME: Record<DigestAlgorithm, string> = { MD5: 'md5', 'SHA-256': 'sha256' };

export const hashHex: HashHex = (algorithm, text) => createHash(NODE_NAME[algorithm]).update(text, 'utf8').digest('hex');

export function randomToken(bytes = 8): string {
  return randomBytes(bytes).toString('hex');
}
