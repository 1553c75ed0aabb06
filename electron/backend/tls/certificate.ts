/**
 * A self-signed X.509 v3 certificate for the device listener's HTTPS, made with Node's crypto
 * and the DER encoder beside this file: RSA 2048 (what deskphone TLS stacks all accept) signed
 * with SHA-256, the advertised address and this machine's name in subjectAltName, CA:TRUE so a
 * phone or a PBX can import it as a trusted authority.
 */
import { createHash, generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  namedBits,
  nullValue,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
  type Der,
} from './der';

const OID = {
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

export interface CertificateRequest {
  commonName: string;
  /** IP addresses and DNS names the certificate is valid for. */
  altNames: readonly string[];
  days?: number;
  now?: Date;
}

function name(commonName: string): Der {
  return sequence(
    set(sequence(oid(OID.organizationName), utf8String('Deskphone Provisioner'))),
    set(sequence(oid(OID.commonName), utf8String(commonName.slice(0, 64)))),
  );
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  // IPv6: expand `::` and write 8 groups of 16 bits.
  const [head = '', tail = ''] = ip.split('::', 2);
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function extension(id: string, critical: boolean, value: Der): Der {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

export function altNamesDer(altNames: readonly string[]): Der {
  return sequence(...altNames.map((n) => (isIP(n) ? implicitPrimitive(7, ipBytes(n)) : implicitPrimitive(2, Buffer.from(n, 'ascii')))));
}

/** Builds and signs the certificate for `privateKey`'s public half; returns it as PEM. */
export function selfSignedCertificate(privateKey: KeyObject, publicKey: KeyObject, request: CertificateRequest): string {
  const now = request.now ?? new Date();
  const notBefore = new Date(now.getTime() - 24 * 3600 * 1000);
  const notAfter = new Date(now.getTime() + (request.days ?? 3650) * 24 * 3600 * 1000);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = sequence(oid(OID.sha256WithRSAEncryption), nullValue());
  const serial = randomBytes(16);
  serial[0] = (serial[0] as number) & 0x7f;
  const subject = name(request.commonName);
  const keyId = createHash('sha1').update(spki).digest();
  const extensions = sequence(
    extension(OID.basicConstraints, true, sequence(boolean(true), smallInteger(0))),
    // digitalSignature (0), keyEncipherment (2), keyCertSign (5)
    extension(OID.keyUsage, true, namedBits([0, 2, 5])),
    extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
    extension(OID.subjectKeyIdentifier, false, octetString(keyId)),
    extension(OID.subjectAltName, false, altNamesDer(request.altNames)),
  );
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    subject,
    sequence(time(notBefore), time(notAfter)),
    subject,
    spki,
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const b64 = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** A new RSA-2048 key pair, made on libuv's thread pool: start-up goes on while it is found. */
export function newRsaKey(): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) =>
      error ? reject(error) : resolve({ privateKey, publicKey }),
    );
  });
}
