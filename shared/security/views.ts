/** What the admin API returns about the device listener's security. */
import { z } from 'zod';

export const deviceCertificateViewSchema = z.object({
  /** The certificate (no key), to import into phones or the PBX as trusted. */
  pem: z.string(),
  fingerprint256: z.string(),
  validTo: z.string(),
  altNames: z.array(z.string()),
  httpsUrl: z.string(),
});
export type DeviceCertificateView = z.infer<typeof deviceCertificateViewSchema>;

export const lockoutViewSchema = z.object({ address: z.string(), until: z.string() });
export type LockoutView = z.infer<typeof lockoutViewSchema>;

export const auditExportSchema = z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() });
