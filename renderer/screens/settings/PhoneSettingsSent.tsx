/**
 * In the phone panel: the site phone settings this phone's files carry (the settings in force for
 * its site, vendor, model and MAC) and when it last fetched them. Passwords show only as "set".
 */
import { useEffect, useState } from 'react';
import type { PhoneView } from '../../../shared/api/views';
import { phoneFieldsFor, type PhoneSettings } from '../../../shared/domain/phoneSettings';
import type { StepEvent } from '../../../shared/flow/steps';
import { api } from '../../api/api';
import { useData } from '../../stores/data';

export default function PhoneSettingsSent({ phone }: { phone: PhoneView }) {
  const view = useData((s) => s.settings);
  const [served, setServed] = useState<StepEvent>();
  useEffect(() => {
    let live = true;
    void api()
      .timeline({ params: { mac: phone.mac } })
      .then((events) => {
        const last = events.filter((e) => e.outcome === 'ok' && e.provides?.includes('account')).at(-1);
        if (live) setServed(last);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [phone.mac, phone.flow.lastSeen]);
  if (!view) return null;
  // The view hides passwords; "set" flags stand in for them, so the in-force values use a marker.
  const marked: PhoneSettings = {
    ...view.phones,
    adminPassword: view.phones.adminPasswordSet ? 'set' : '',
    userPassword: view.phones.userPasswordSet ? 'set' : '',
    overrides: view.phones.overrides.map(({ adminPasswordSet, userPasswordSet, ...o }) => ({
      ...o,
      ...(adminPasswordSet ? { adminPassword: 'set' } : { adminPassword: undefined }),
      ...(userPasswordSet ? { userPassword: 'set' } : { userPassword: undefined }),
    })),
  };
  const f = phoneFieldsFor(marked, phone);
  const rows: [string, string][] = [
    ['Dial plan', f.dialPlan || 'phone default'],
    ['Emergency numbers', f.emergencyNumbers.join(', ') || 'none'],
    ['Time zone', f.timeZone || 'phone default'],
    ['NTP server', f.ntpServer || `the PBX (${view.pbx.sipHost})`],
    ['Date / time format', `${f.dateFormat || 'default'} / ${f.timeFormat || 'default'}`],
    ['Language', f.language || 'phone default'],
    ['Web admin password', f.adminPassword ? 'set' : 'not set'],
    ['Web user password', f.userPassword ? 'set' : 'not set'],
  ];
  return (
    <details open data-testid="phone-settings-sent">
      <summary>
        Site phone settings{' '}
        {served ? `sent in ${served.file ?? 'its files'} at ${new Date(served.at).toLocaleTimeString()}` : 'not fetched yet'}
      </summary>
      <dl className="plain">
        {rows.map(([k, v]) => (
          <div key={k} data-testid={`sent-${k.toLowerCase().replace(/[^a-z]+/g, '-')}`}>
            <dt>{k}</dt>
            <dd className="mono">{v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
