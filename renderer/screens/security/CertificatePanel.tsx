/**
 * The HTTPS certificate this app made for the device listener: its fingerprint to compare on the
 * phone or PBX, and the certificate itself (PEM, no key) to export and install there as trusted.
 */
import { useCallback, useEffect, useState } from 'react';
import type { DeviceCertificateView } from '../../../shared/security/views';
import { api } from '../../api/api';
import type { UserError } from '../../api/errors';
import { ErrorNote } from '../../components/Feedback';
import { attempt } from '../../lib/actions';
import { copyText } from '../../lib/copy';
import { downloadFile } from '../../lib/download';
import { useData } from '../../stores/data';
import { toast } from '../../stores/toasts';

export const CERTIFICATE_FILE = 'deskphone-provisioner-https.pem';

export function CertificatePanel() {
  const httpsOn = useData((s) => s.settings?.security.https);
  const [cert, setCert] = useState<DeviceCertificateView>();
  const [error, setError] = useState<UserError>();

  const load = useCallback(async () => {
    const r = await attempt(() => api().deviceCertificate());
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setCert(r.value);
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <section className="card stack" aria-labelledby="cert-h">
      <h2 id="cert-h">HTTPS certificate</h2>
      <p className="muted">
        Phones and the PBX that fetch over HTTPS check this certificate. This app made it and keeps it across restarts; it is issued again
        (same key) when this computer is reached at an address it does not name, so export it again after moving networks. Install it as a
        trusted certificate on the phones (their web page, “Trusted certificates”) or on the PBX, then compare the fingerprint shown there
        with the one here.
      </p>
      {httpsOn === false && (
        <p className="note note-muted" role="note">
          HTTPS for phones is turned off under Protections: phones fetch over plain HTTP only until it is on again.
        </p>
      )}
      {error && <ErrorNote error={error} onRetry={() => void load()} />}
      {cert && (
        <>
          <dl className="facts">
            <dt>SHA-256 fingerprint</dt>
            <dd className="mono wrap" data-testid="cert-fingerprint">
              {cert.fingerprint256}
            </dd>
            <dt>Phones reach HTTPS at</dt>
            <dd className="mono" data-testid="cert-url">
              {cert.httpsUrl}
            </dd>
            <dt>Valid for</dt>
            <dd className="mono wrap">{cert.altNames.join(', ')}</dd>
            <dt>Valid until</dt>
            <dd>{new Date(cert.validTo).toLocaleDateString()}</dd>
          </dl>
          <div className="inline">
            <button
              type="button"
              className="btn-primary"
              data-testid="cert-export"
              onClick={() => {
                downloadFile(CERTIFICATE_FILE, cert.pem, 'application/x-pem-file');
                toast.success(`Certificate saved as ${CERTIFICATE_FILE}`);
              }}
            >
              Export certificate
            </button>
            <button type="button" onClick={() => void copyText(cert.fingerprint256, 'the fingerprint')}>
              Copy fingerprint
            </button>
          </div>
        </>
      )}
    </section>
  );
}
