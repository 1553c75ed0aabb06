/** The audit log and the lock-outs, as the admin API shows them. */
import { X509Certificate } from 'node:crypto';
import { auditCsv, type AuditEntry, type AuditQuery } from '../../../shared/security/audit';
import type { DeviceCertificateView, LockoutView } from '../../../shared/security/views';
import type { Context } from '../context';
import { AppError } from '../errors';
import { requirePhone, viewPhone } from './phones';
import { reopenPhone } from './security';

export function listAudit(ctx: Context, query: AuditQuery): AuditEntry[] {
  return ctx.services.security.audit.list(query);
}

export function exportAudit(ctx: Context, query: Omit<AuditQuery, 'limit'>): { fileName: string; csv: string; rows: number } {
  const entries = ctx.services.security.audit.all(query);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return { fileName: `deskphone-audit-${stamp}.csv`, csv: auditCsv(entries), rows: entries.length };
}

export function listLockouts(ctx: Context): LockoutView[] {
  return ctx.services.security.failures.lockedOut();
}

export function clearLockouts(ctx: Context): { ok: true } {
  ctx.services.security.failures.clear();
  ctx.log.info('lock-outs lifted by the technician');
  return { ok: true };
}

export function deviceCertificate(ctx: Context): DeviceCertificateView {
  const state = ctx.services.security;
  if (!state.certificatePem || !state.httpsBaseUrl) {
    throw new AppError(
      'unavailable',
      'HTTPS for phones is not running',
      'Restart the app; if it keeps failing, check that the HTTPS port is free.',
    );
  }
  const cert = new X509Certificate(state.certificatePem);
  return {
    pem: state.certificatePem,
    fingerprint256: cert.fingerprint256,
    validTo: new Date(cert.validTo).toISOString(),
    altNames: (cert.subjectAltName ?? '').split(', ').map((n) => n.replace(/^(DNS|IP Address):/, '')),
    httpsUrl: state.httpsBaseUrl,
  };
}

export async function reopen(ctx: Context, macText: string) {
  return viewPhone(ctx, await reopenPhone(ctx, requirePhone(ctx, macText)));
}
