/** A phone's firmware story from its timeline: downloads, and the version before and after each upgrade. */
import { useEffect, useState } from 'react';
import type { StepEvent } from '../../../shared/flow/steps';
import { api } from '../../api/api';
import { onServerEvent } from '../../stores/sync';

export function FirmwareHistory({ mac, firmware }: { mac: string; firmware: string }) {
  const [events, setEvents] = useState<StepEvent[]>([]);
  useEffect(() => {
    let live = true;
    const load = () =>
      void api()
        .timeline({ params: { mac } })
        .then((list) => live && setEvents(list.filter((e) => e.detail?.['firmware'] !== undefined)))
        .catch(() => undefined);
    load();
    const off = onServerEvent((e) => {
      const ev = (e as unknown as { event?: StepEvent }).event;
      if (e.type === 'step' && ev?.mac === mac && ev.detail?.['firmware'] !== undefined) load();
    });
    return () => {
      live = false;
      off();
    };
  }, [mac]);
  return (
    <details data-testid="firmware-history" open={events.length > 0}>
      <summary>
        Firmware: <span className="mono">{firmware || 'not known yet'}</span>
      </summary>
      {events.length === 0 ? (
        <p className="muted">No firmware download seen.</p>
      ) : (
        <ol className="steplist">
          {events.map((e) => (
            <li key={e.seq}>
              <span className="muted">{new Date(e.at).toLocaleTimeString()}</span> {e.reason}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
