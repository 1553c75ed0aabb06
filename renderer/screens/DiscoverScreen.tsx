/**
 * Discover: pick the interface, sweep its subnet with progress and cancel, and watch devices
 * appear as they are found (ARP, sweep, plug-and-play, phones that called in). Nothing is swept
 * until the technician presses Start.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Device, SightingSource } from '../../shared/domain/inventory';
import { formatMac, type Mac } from '../../shared/mac';
import type { LanInterface } from '../../shared/discovery/interfaces';
import { sweepStatusSchema, type SweepStatus } from '../../shared/discovery/sweepStatus';
import { api } from '../api/api';
import type { UserError } from '../api/errors';
import { ErrorNote, Progress } from '../components/Feedback';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { attempt } from '../lib/actions';
import { useData } from '../stores/data';
import { usePhones } from '../stores/phones';
import { loadDevices, onServerEvent } from '../stores/sync';
import { toast } from '../stores/toasts';
import { guessDevice } from '../../shared/discovery/guessDevice';
import { DiscoverAddForm } from './DiscoverAddForm';

type Iface = LanInterface;
type Sweep = SweepStatus;

const SOURCE_WORDS: Record<SightingSource, string> = {
  arp: 'ARP table',
  sweep: 'sweep',
  sip_options: 'SIP answer',
  http: 'web page',
  pnp: 'plug-and-play',
  rps: 'called the RPS',
  provisioning: 'asked for files',
};

const PHASE_WORDS: Record<string, string> = {
  probing: 'Probing addresses',
  settling: 'Waiting for late answers',
  fingerprinting: 'Asking the phones what they are',
  done: 'Done',
  cancelled: 'Cancelled',
};

function SweepPanel() {
  const settings = useData((s) => s.settings);
  const [ifaces, setIfaces] = useState<Iface[]>();
  const [iface, setIface] = useState(settings?.lanInterface ?? '');
  const [cidr, setCidr] = useState('');
  const [sweep, setSweep] = useState<Sweep>();
  const [error, setError] = useState<UserError>();

  useEffect(() => {
    void attempt(() => api().discoveryInterfaces()).then((r) => (r.ok ? setIfaces(r.value) : setError(r.error)));
    void api()
      .sweepStatus()
      .then(setSweep, () => undefined);
    return onServerEvent((e) => {
      if (e.type !== 'sweep') return;
      const parsed = sweepStatusSchema.safeParse(e['sweep']);
      if (parsed.success) setSweep(parsed.data);
    });
  }, []);

  const running = sweep?.state === 'running';
  const chosen = ifaces?.find((i) => i.name === iface);
  const start = async () => {
    setError(undefined);
    const r = await attempt(() => api().startSweep({ body: { interface: iface, ...(cidr.trim() ? { cidr: cidr.trim() } : {}) } }));
    if (!r.ok) return setError(r.error);
    setSweep(r.value);
  };
  const cancel = async () => {
    const r = await attempt(() => api().cancelSweep());
    if (!r.ok) return setError(r.error);
    setSweep(r.value);
  };
  return (
    <section className="card stack" aria-labelledby="sweep-h">
      <h2 id="sweep-h">Sweep the phones' network</h2>
      <div className="toolbar">
        <label className="field grow">
          <span>Interface</span>
          <select value={iface} onChange={(e) => setIface(e.target.value)} disabled={running} data-testid="sweep-interface">
            <option value="">Choose the interface the phones are on…</option>
            {(ifaces ?? []).map((i) => (
              <option key={i.name} value={i.name}>
                {i.name} — {i.address} ({i.cidr}, {i.hosts} addresses){i.suggested ? ' — looks like the phones’ LAN' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Only this range (optional)</span>
          <input
            value={cidr}
            onChange={(e) => setCidr(e.target.value)}
            placeholder={chosen?.cidr ?? 'e.g. 10.0.5.0/24'}
            disabled={running}
            data-testid="sweep-cidr"
          />
        </label>
        {running ? (
          <button type="button" className="btn-danger" onClick={() => void cancel()} data-testid="sweep-cancel">
            Cancel sweep
          </button>
        ) : (
          <button type="button" className="btn-primary" disabled={!iface} onClick={() => void start()} data-testid="sweep-start">
            Start sweep
          </button>
        )}
      </div>
      {chosen && <p className="muted">{chosen.note}</p>}
      {error && <ErrorNote error={error} />}
      {sweep && (
        <div data-testid="sweep-status" data-state={sweep.state}>
          {running ? (
            <Progress value={sweep.probed} max={sweep.total} label={`${PHASE_WORDS[sweep.phase] ?? sweep.phase} on ${sweep.cidr}`} />
          ) : (
            <p className={sweep.state === 'failed' ? 'note note-error' : 'note note-good'} role="status">
              {sweep.state === 'done' &&
                `Sweep of ${sweep.cidr} done${sweep.wallMs ? ` in ${(sweep.wallMs / 1000).toFixed(1)} s` : ''}: ${sweep.found} device(s), ${sweep.phones} phone(s).`}
              {sweep.state === 'cancelled' &&
                `Sweep cancelled after ${sweep.probed} of ${sweep.total} addresses; ${sweep.found} device(s) found so far.`}
              {sweep.state === 'failed' && `The sweep failed: ${sweep.error ?? 'unknown reason'}`}
            </p>
          )}
          {running && (
            <p role="status" aria-live="polite">
              Found so far: <strong>{sweep.found}</strong> device(s)
            </p>
          )}
        </div>
      )}
    </section>
  );
}

export default function DiscoverScreen() {
  const devices = useData((s) => s.devices);
  const loaded = useData((s) => s.devicesLoaded);
  const phones = usePhones((s) => s.byMac);
  const [onlyPhones, setOnlyPhones] = useState(true);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [adding, setAdding] = useState<{ done: number; total: number }>();
  const [addOne, setAddOne] = useState<Device>();

  const shown = useMemo(
    () =>
      devices
        .filter((d) => !onlyPhones || d.isPhone || d.calledIn)
        .sort((a, b) => Number(phones.has(a.mac)) - Number(phones.has(b.mac)) || b.lastSeen.localeCompare(a.lastSeen)),
    [devices, onlyPhones, phones],
  );
  const newOnes = shown.filter((d) => !phones.has(d.mac));

  const add = async (list: Device[]) => {
    setAdding({ done: 0, total: list.length });
    let ok = 0;
    let lastError: UserError | undefined;
    for (const [i, d] of list.entries()) {
      // The guess (MAC prefix, User-Agent) fills what the device did not say.
      const g = guessDevice(d);
      const r = await attempt(() =>
        api().createPhone({ body: { mac: d.mac, vendor: g.vendor, model: g.model, firmware: d.firmware, serial: d.serial } }),
      );
      if (r.ok) {
        ok++;
        usePhones.getState().upsert([r.value]);
      } else lastError = r.error;
      setAdding({ done: i + 1, total: list.length });
    }
    setAdding(undefined);
    setPicked(new Set());
    if (ok) toast.success(`Added ${ok} phone(s); give them accounts on the Phones or Accounts screen`);
    if (lastError)
      toast.error({
        message: `${list.length - ok} could not be added: ${lastError.message}`,
        ...(lastError.hint ? { hint: lastError.hint } : {}),
      });
  };

  const columns: Column<Device>[] = [
    {
      id: 'sel',
      width: '2.75rem',
      header: <span className="sr-only">Pick</span>,
      cell: (d) =>
        phones.has(d.mac) ? null : (
          <input
            type="checkbox"
            aria-label={`Pick ${formatMac(d.mac as Mac)}`}
            checked={picked.has(d.mac)}
            onChange={() => {
              const next = new Set(picked);
              if (next.has(d.mac)) next.delete(d.mac);
              else next.add(d.mac);
              setPicked(next);
            }}
          />
        ),
    },
    { id: 'mac', width: '11.5rem', header: 'MAC', cell: (d) => <span className="mono">{formatMac(d.mac as Mac)}</span> },
    {
      id: 'vendor',
      width: '8rem',
      header: 'Vendor',
      cell: (d) => {
        if (d.vendor) return d.vendor;
        const g = guessDevice(d);
        return g.vendor ? (
          <span title={`Guessed from its ${g.vendorFrom === 'mac-prefix' ? 'MAC prefix' : 'User-Agent'}`}>
            {g.vendor} <span className="muted">(guess)</span>
          </span>
        ) : (
          <span className="muted">unknown</span>
        );
      },
    },
    { id: 'model', width: '7rem', header: 'Model', cell: (d) => d.model || '—' },
    { id: 'ip', width: '8.5rem', header: 'IP', cell: (d) => <span className="mono">{d.ip || '—'}</span> },
    {
      id: 'src',
      width: 'minmax(10rem, 1fr)',
      header: 'Found by',
      cell: (d) => (
        <span title={d.userAgent}>
          {d.calledIn && <strong>called in · </strong>}
          {Object.keys(d.sources)
            .map((s) => SOURCE_WORDS[s as SightingSource] ?? s)
            .join(', ')}
        </span>
      ),
    },
    {
      id: 'act',
      width: '8rem',
      header: 'In the app',
      cell: (d) =>
        phones.has(d.mac) ? (
          <span className="chip chip-good">✓ added</span>
        ) : (
          <button type="button" onClick={() => setAddOne(d)} aria-label={`Add ${formatMac(d.mac as Mac)} to the phones`}>
            Add…
          </button>
        ),
    },
  ];

  return (
    <section className="screen screen-fill" aria-labelledby="disc-h">
      <header className="screen-head">
        <h1 id="disc-h">Discover</h1>
        <button type="button" onClick={() => void loadDevices()}>
          Refresh
        </button>
      </header>
      <SweepPanel />
      {addOne && <DiscoverAddForm key={addOne.mac} device={addOne} onClose={() => setAddOne(undefined)} />}
      <div className="toolbar">
        <label className="inline">
          <input type="checkbox" checked={onlyPhones} onChange={(e) => setOnlyPhones(e.target.checked)} /> Only phones (hide printers,
          switches, laptops)
        </label>
        <span className="muted" aria-live="polite" data-testid="devices-count">
          {shown.length} device(s), {newOnes.length} not in the app yet
        </span>
        <div className="toolbar-end">
          {adding ? (
            <Progress value={adding.done} max={adding.total} label="Adding phones" />
          ) : (
            <>
              <button type="button" disabled={picked.size === 0} onClick={() => void add(newOnes.filter((d) => picked.has(d.mac)))}>
                Add {picked.size} picked
              </button>
              <button
                type="button"
                className="btn-primary"
                disabled={newOnes.length === 0}
                onClick={() => void add(newOnes)}
                data-testid="add-all-found"
              >
                Add all {newOnes.length} new
              </button>
            </>
          )}
        </div>
      </div>
      <VirtualTable
        label="Devices found"
        testId="devices-table"
        items={shown}
        columns={columns}
        rowKey={(d) => d.mac}
        empty={
          loaded
            ? 'Nothing found yet. Start a sweep, or power the phones on: those that call in or announce themselves appear here.'
            : 'Loading…'
        }
      />
    </section>
  );
}
