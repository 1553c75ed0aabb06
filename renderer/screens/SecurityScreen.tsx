/**
 * Security of the device listener: the protections (settings), the audit log, the locked-out
 * addresses and the HTTPS certificate, one tab each. The parts live in screens/security/.
 */
import { useState } from 'react';
import { ErrorNote } from '../components/Feedback';
import { useData } from '../stores/data';
import { loadSettings } from '../stores/sync';
import { AuditLogViewer } from './security/AuditLogViewer';
import { CertificatePanel } from './security/CertificatePanel';
import { LockoutsPanel } from './security/LockoutsPanel';
import { ProtectionsForm } from './security/ProtectionsForm';

const TABS = [
  { id: 'protections', label: 'Protections' },
  { id: 'audit', label: 'Audit log' },
  { id: 'lockouts', label: 'Lock-outs' },
  { id: 'certificate', label: 'HTTPS certificate' },
] as const;
type Tab = (typeof TABS)[number]['id'];

function Protections() {
  const settings = useData((s) => s.settings);
  if (!settings)
    return (
      <ErrorNote
        error={{
          message: 'The settings have not loaded yet',
          hint: 'Wait a moment; if this stays, check the connection badge at the bottom left.',
        }}
        onRetry={() => void loadSettings()}
      />
    );
  // Saved elsewhere (another window, the Settings screen): the form starts again from what the server has.
  const key = JSON.stringify([settings.requireSerial, settings.security]);
  return <ProtectionsForm key={key} settings={settings} />;
}

export default function SecurityScreen() {
  const [tab, setTab] = useState<Tab>('protections');
  const move = (from: number, by: number) => {
    const next = TABS[(from + by + TABS.length) % TABS.length] as (typeof TABS)[number];
    setTab(next.id);
    document.getElementById(`sec-tab-${next.id}`)?.focus();
  };
  return (
    <section className="screen" aria-labelledby="sec-h">
      <header className="screen-head">
        <h1 id="sec-h">Security</h1>
        <p className="muted">Who may fetch the phones’ passwords from this computer, and a record of who did.</p>
      </header>
      <div className="tabs" role="tablist" aria-label="Security">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`sec-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`sec-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(i, 1);
              if (e.key === 'ArrowLeft') move(i, -1);
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`sec-panel-${tab}`} aria-labelledby={`sec-tab-${tab}`} className="stack" data-testid={`security-${tab}`}>
        {tab === 'protections' && <Protections />}
        {tab === 'audit' && <AuditLogViewer />}
        {tab === 'lockouts' && <LockoutsPanel />}
        {tab === 'certificate' && <CertificatePanel />}
      </div>
    </section>
  );
}
