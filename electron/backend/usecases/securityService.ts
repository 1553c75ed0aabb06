/**
 * The security state of one backend, built by `startBackend`: the per-address failure buckets of
 * the lock-out, the audit log, the key of the digest nonces, and where HTTPS for phones runs.
 */
import { randomBytes } from 'node:crypto';
import type { Phone } from '../../../shared/domain/phone';
import type { SecuritySettings } from '../../../shared/security/settings';
import { AuditLog } from '../audit/auditLog';
import type { Caller } from '../caller';
import { DigestNonces } from './digestNonces';
import { FailureBuckets } from './guard/failures';

export interface SecurityServiceOptions {
  /** Where the audit log's files go; none keeps it in memory only. */
  auditDir?: string;
  warn?: (message: string) => void;
}

export class SecurityService {
  readonly failures = new FailureBuckets();
  readonly audit: AuditLog;
  /** The digest nonces: issued for one phone, each count used once; a new key at every start. */
  readonly nonces = new DigestNonces();
  readonly opaque = randomBytes(12).toString('base64url');
  /** Base of the HTTPS device listener when it runs, e.g. https://192.168.1.10:8443 */
  httpsBaseUrl?: string;
  certificatePem?: string;
  certificateFingerprint?: string;

  /** Whether the lock after registration keeps this phone's secret files from it (settings and `lockedAt`). */
  isLocked(phone: Phone, settings: SecuritySettings): boolean {
    return phone.lockedAt !== undefined && settings.lockAfterRegistration;
  }

  /**
   * The lock's one extension point, asked by the device pipeline (pipeline/authorize.ts
   * authorizeLock) for a locked phone's secret file: true lets this caller have it now. None by
   * default; a re-provision window sets it in one line in startBackend, e.g.
   * `security.lockWaived = (phone, caller) => windows.isOpen(phone.mac, caller.ip)`.
   */
  lockWaived: (phone: Phone, caller: Caller) => boolean = () => false;

  constructor(options: SecurityServiceOptions = {}) {
    this.audit = new AuditLog({ ...(options.auditDir ? { dir: options.auditDir } : {}), ...(options.warn ? { warn: options.warn } : {}) });
  }

  /** HTTPS for phones is up: phones may be sent there. */
  httpsStarted(baseUrl: string, certificatePem: string, fingerprint: string): void {
    this.httpsBaseUrl = baseUrl;
    this.certificatePem = certificatePem;
    this.certificateFingerprint = fingerprint;
  }

  close(): void {
    this.audit.close();
  }
}
