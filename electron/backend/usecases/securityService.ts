/**
 * The security state of one backend, built by `startBackend`: the per-address failure buckets of
 * the lock-out, the audit log, the key of the digest nonces, and where HTTPS for phones runs.
 */
import { randomBytes } from 'node:crypto';
import type { Phone } from '../../../shared/domain/phone';
import type { SecuritySettings } from '../../../shared/security/settings';
import { AuditLog } from '../audit/auditLog';
import { FailureBuckets } from './guard/failures';

export interface SecurityServiceOptions {
  /** Where the audit log's files go; none keeps it in memory only. */
  auditDir?: string;
  warn?: (message: string) => void;
}

export class SecurityService {
  readonly failures = new FailureBuckets();
  readonly audit: AuditLog;
  /** Key of the stateless digest nonces; new at every start. */
  readonly nonceKey = randomBytes(32);
  readonly opaque = randomBytes(12).toString('base64url');
  /** Base of the HTTPS device listener when it runs, e.g. https://192.168.1.10:8443 */
  httpsBaseUrl?: string;
  certificatePem?: string;
  certificateFingerprint?: string;

  /**
   * Whether the lock after registration keeps this phone's secrets from it now. The one place a
   * phone is let through the lock: a module that opens a registered phone for one fetch cycle (a
   * re-provision window) sets `letThrough`.
   */
  isLocked(phone: Phone, settings: SecuritySettings): boolean {
    return phone.lockedAt !== undefined && settings.lockAfterRegistration && !this.letThrough(phone);
  }

  /** Extension point of the lock: phones let through it for now. None by default. */
  letThrough: (phone: Phone) => boolean = () => false;

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
