/**
 * The device listener's certificate, kept in the data dir (`tls/cert.pem`, and `tls/key.pem`
 * readable by this user only) and reused on every start, so phones and PBXs that trust it keep
 * trusting it. When the laptop moves to a network where it is advertised under an address the
 * certificate does not name, a new certificate is issued for the same key (a pin on the public
 * key still holds; a pin on the certificate must be renewed by exporting it again).
 */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomicFile';
import { newRsaKey, selfSignedCertificate } from './certificate';

export interface DeviceCertificate {
  certPem: string;
  keyPem: string;
  /** SHA-256 fingerprint, colon-separated hex, as phones and browsers show it. */
  fingerprint256: string;
  validTo: string;
  altNames: string[];
}

/** Whole or not at all (a full disk leaves the old file, or none): see store/atomicFile.ts. */
async function writePrivate(path: string, text: string, mode: number): Promise<void> {
  await writeFileAtomic(path, text, { mode });
}

function namesOf(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(', ')
    .map((n) => n.replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
}

function covers(cert: X509Certificate, names: readonly string[]): boolean {
  return names.every((n) => (/^[\d.]+$/.test(n) || n.includes(':') ? cert.checkIP(n) !== undefined : cert.checkHost(n) !== undefined));
}

/** Loads the kept certificate, or makes one; `names` are the addresses phones reach this app by. */
export async function loadOrCreateCertificate(dataDir: string, names: readonly string[]): Promise<DeviceCertificate> {
  const dir = join(dataDir, 'tls');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const wanted = [...new Set(['localhost', '127.0.0.1', ...names.filter(Boolean)])];

  let keyPem: string | undefined;
  if (existsSync(keyPath)) {
    keyPem = await readFile(keyPath, 'utf8');
    await chmod(keyPath, 0o600);
  }
  if (keyPem && existsSync(certPath)) {
    const certPem = await readFile(certPath, 'utf8');
    try {
      const cert = new X509Certificate(certPem);
      const expires = Date.parse(cert.validTo);
      if (cert.checkPrivateKey(createPrivateKey(keyPem)) && covers(cert, wanted) && expires - Date.now() > 30 * 86_400_000) {
        return { certPem, keyPem, fingerprint256: cert.fingerprint256, validTo: new Date(expires).toISOString(), altNames: namesOf(cert) };
      }
    } catch {
      // Unreadable: issued again below.
    }
  }
  let privateKey;
  let publicKey;
  try {
    if (!keyPem) throw new Error('no key');
    privateKey = createPrivateKey(keyPem);
    publicKey = createPublicKey(privateKey);
  } catch {
    ({ privateKey, publicKey } = await newRsaKey());
    keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await writePrivate(keyPath, keyPem, 0o600);
  }
  const certPem = selfSignedCertificate(privateKey, publicKey, { commonName: `Deskphone Provisioner on ${hostname()}`, altNames: wanted });
  await writePrivate(certPath, certPem, 0o644);
  const cert = new X509Certificate(certPem);
  return { certPem, keyPem, fingerprint256: cert.fingerprint256, validTo: new Date(cert.validTo).toISOString(), altNames: namesOf(cert) };
}
