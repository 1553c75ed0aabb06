/**
 * Says when step 7 (registered with the PBX) cannot be checked: no PBX linked, or the link down.
 * On every screen that shows phones' progress (Phones, Live board).
 */
import { usePbxLink } from '../stores/pbxLink';
import { useUi } from '../stores/ui';

export function PbxLinkBanner() {
  const link = usePbxLink((s) => s.link);
  const setRoute = useUi((s) => s.setRoute);
  if (!link || link.state === 'connected') return null;
  const down = link.state !== 'not_configured';
  return (
    <div className="note note-warn banner" role="status" data-testid="pbx-banner" data-state={link.state}>
      <div>
        <strong>
          {down
            ? 'The PBX link is down: step 7 (registered) is not being checked.'
            : 'No PBX linked: step 7 (registered) cannot be checked. Link your Asterisk in Settings.'}
        </strong>
        {down && link.state === 'connecting' && link.lastError && (
          <div>
            {link.lastError}
            {link.hint ? ` ${link.hint}` : ''}
          </div>
        )}
        <div className="muted">Phones past the deadline show “Registration not checked” until the link is up.</div>
      </div>
      <button type="button" onClick={() => setRoute('settings')}>
        Open Settings
      </button>
    </div>
  );
}
