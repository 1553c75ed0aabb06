/** The hash the digest computation (shared/sip/digest.ts) needs, from node:crypto. */
import { createHash, randomBytes } from 'node:crypto';
import type { DigestAlgorithmName, HashHex } from '../../../shared/sip/digest';

const NODE_NAME: Record<DigestAlgorithmName, string> = { MD5: 'md5', 'SHA-256': 'sha256' };

export const hashHex: HashHex = (algorithm, text) => createHash(NODE_NAME[algorithm]).update(text, 'utf8').digest('hex');

export function randomToken(bytes = 8): string {
  return randomBytes(bytes).toString('hex');
}
