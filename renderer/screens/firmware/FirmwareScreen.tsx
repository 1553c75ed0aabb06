/**
 * The firmware library: add vendor firmware files (file picker or drag and drop; what the name
 * does not tell is asked), see them with their SHA-256, remove them (undoably), and pick per vendor,
 * model and site the target the phones upgrade to, with how many phones are below it.
 */
import { useMemo, useState, type DragEvent } from 'react';
import { recogniseFirmwareName } from '../../../shared/firmware/fileName';
import type { FirmwareEntry, FirmwareTarget } from '../../../shared/firmware/library';
import { FIRMWARE_VENDORS, sameModel, type FirmwareVendor } from '../../../shared/firmware/vendors';
import { api } from '../../api/api';
import { toUserError, type UserError } from '../../api/errors';
import { confirmAction } from '../../components/Confirm';
import { ErrorNote } from '../../components/Feedback';
import { run } from '../../lib/actions';
import { distinct } from '../../lib/phoneFilter';
import { standingOf, useFirmware } from '../../stores/firmware';
import { usePhones } from '../../stores/phones';
import { toast } from '../../stores/toasts';
import { uploadFirmware } from './upload';

const VENDOR_NAMES: Record<FirmwareVendor, string> = {
  yealink: 'Yealink',
  poly: 'Poly',
  grandstream: 'Grandstream',
  snom: 'Snom',
  fanvil: 'Fanvil',
};

interface Pending {
  key: string;
  file: File;
  vendor: string;
  models: string;
  version: string;
  progress?: number;
  error?: UserError;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function PendingRow({ p, onChange, onDone }: { p: Pending; onChange(next: Pending): void; onDone(): void }) {
  const seen = useMemo(() => recogniseFirmwareName(p.file.name), [p.file.name]);
  const busy = p.progress !== undefined && p.error === undefined;
  const add = async () => {
    onChange({ ...p, progress: 0, error: undefined });
    try {
      const entry = await uploadFirmware(
        p.file,
        {
          vendor: p.vendor || undefined,
          models: p.models
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean),
          version: p.version.trim(),
        },
        (progress) => onChange({ ...p, progress }),
      );
      toast.success(`Added ${entry.fileName} (${VENDOR_NAMES[entry.vendor]} ${entry.version})`);
      onDone();
    } catch (error) {
      onChange({ ...p, progress: undefined, error: toUserError(error) });
    }
  };
  return (
    <li className="card" data-testid="firmware-pending">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <strong className="mono">{p.file.name}</strong> <span className="muted">{sizeText(p.file.size)}</span>
        {seen.missing.length > 0 && (
          <p className="note note-muted">
            The file name does not tell the {seen.missing.join(', ')}: please give {seen.missing.length > 1 ? 'them' : 'it'}.
          </p>
        )}
        <div className="grid3">
          <VendorField value={p.vendor} onChange={(v) => onChange({ ...p, vendor: v })} testId="firmware-vendor" />
          <label className="field">
            <span>Models (comma-separated)</span>
            <input
              value={p.models}
              onChange={(e) => onChange({ ...p, models: e.target.value })}
              placeholder="e.g. T46U, T48U"
              data-testid="firmware-models"
            />
          </label>
          <label className="field">
            <span>Version</span>
            <input
              value={p.version}
              onChange={(e) => onChange({ ...p, version: e.target.value })}
              required
              placeholder="e.g. 108.86.0.90"
              data-testid="firmware-version"
            />
          </label>
        </div>
        {p.progress !== undefined && !p.error && <progress value={p.progress} max={1} aria-label={`Uploading ${p.file.name}`} />}
        {p.error && <ErrorNote error={p.error} />}
        <div className="row-end">
          <button type="button" onClick={onDone} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={busy} data-testid="firmware-add">
            Add to library
          </button>
        </div>
      </form>
    </li>
  );
}

function AddFiles() {
  const [pending, setPending] = useState<Pending[]>([]);
  const [over, setOver] = useState(false);
  const take = (files: FileList | null) => {
    if (!files) return;
    const added = [...files].map((file, i): Pending => {
      const seen = recogniseFirmwareName(file.name);
      return {
        key: `${Date.now()}-${i}-${file.name}`,
        file,
        vendor: seen.vendor ?? '',
        models: seen.models.join(', '),
        version: seen.version,
      };
    });
    setPending((list) => [...list, ...added]);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(e.dataTransfer.files);
  };
  return (
    <section aria-labelledby="fw-add-h" className="stack">
      <h2 id="fw-add-h">Add firmware files</h2>
      <div
        className={`card${over ? ' is-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="firmware-drop"
      >
        <p>
          Drop firmware files here (Yealink <span className="mono">.rom</span>, Poly <span className="mono">.sip.ld</span>, Grandstream{' '}
          <span className="mono">fw.bin</span>, Snom <span className="mono">.bin</span>, Fanvil <span className="mono">.z</span>), or{' '}
          <label className="linklike">
            choose files
            <input
              type="file"
              multiple
              className="sr-only"
              onChange={(e) => {
                take(e.target.files);
                e.target.value = '';
              }}
              data-testid="firmware-file"
            />
          </label>
          . They are kept as they are, up to 512 MB each.
        </p>
      </div>
      {pending.length > 0 && (
        <ul className="stack" aria-label="Files to add">
          {pending.map((p) => (
            <PendingRow
              key={p.key}
              p={p}
              onChange={(next) => setPending((list) => list.map((x) => (x.key === p.key ? next : x)))}
              onDone={() => setPending((list) => list.filter((x) => x.key !== p.key))}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function Library() {
  const entries = useFirmware((s) => s.entries);
  const targets = useFirmware((s) => s.targets);
  const remove = async (e: FirmwareEntry) => {
    const of = targets.filter((t) => t.firmwareId === e.id);
    if (of.length > 0) {
      const ok = await confirmAction({
        title: `Remove ${e.fileName}?`,
        message: `It is the target of ${of.map((t) => `${VENDOR_NAMES[t.vendor]} ${t.model}${t.site ? ` at ${t.site}` : ''}`).join(', ')}. Those phones will no longer be sent firmware. You can undo this for a while.`,
        confirmLabel: 'Remove file and target',
      });
      if (!ok) return;
    }
    await run(
      () => api().deleteFirmware({ params: { id: e.id } }),
      () => `Removed ${e.fileName}`,
    );
  };
  return (
    <section aria-labelledby="fw-lib-h" className="stack">
      <h2 id="fw-lib-h">Library</h2>
      {entries.length === 0 ? (
        <p className="muted">No firmware files yet.</p>
      ) : (
        <table className="plain" data-testid="firmware-library">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Vendor</th>
              <th scope="col">Models</th>
              <th scope="col">Version</th>
              <th scope="col">Size</th>
              <th scope="col">SHA-256</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="firmware-entry" data-id={e.id}>
                <td className="mono">{e.fileName}</td>
                <td>{VENDOR_NAMES[e.vendor]}</td>
                <td>{e.models.join(', ') || <span className="muted">any</span>}</td>
                <td className="mono">{e.version}</td>
                <td>{sizeText(e.size)}</td>
                <td className="mono" title={e.sha256}>
                  {e.sha256.slice(0, 12)}…
                </td>
                <td>
                  <button type="button" className="btn-danger" onClick={() => void remove(e)}>
                    Remove…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Targets() {
  const entries = useFirmware((s) => s.entries);
  const targets = useFirmware((s) => s.targets);
  const byId = useFirmware((s) => s.byId);
  const phones = usePhones((s) => s.list);
  const [vendor, setVendor] = useState<FirmwareVendor | ''>('');
  const [model, setModel] = useState('');
  const [firmwareId, setFirmwareId] = useState('');
  const [site, setSite] = useState('');
  const [error, setError] = useState<UserError | undefined>();
  const models = useMemo(() => distinct(phones, (p) => p.model), [phones]);
  const sites = useMemo(() => distinct(phones, (p) => p.site), [phones]);
  const choices = entries.filter(
    (e) => e.vendor === vendor && (e.models.length === 0 || model === '' || e.models.some((m) => sameModel(m, model))),
  );
  const save = async (next: FirmwareTarget[]) => {
    setError(undefined);
    try {
      await api().setFirmwareTargets({ body: next });
      return true;
    } catch (e) {
      setError(toUserError(e));
      return false;
    }
  };
  const counts = (t: FirmwareTarget) => {
    let below = 0;
    let at = 0;
    for (const p of phones) {
      const { standing, target } = standingOf(p, { targets, byId });
      if (target?.id !== t.firmwareId) continue;
      if (standing === 'below' || standing === 'unknown') below++;
      else at++;
    }
    return { below, at };
  };
  return (
    <section aria-labelledby="fw-targets-h" className="stack">
      <h2 id="fw-targets-h">Targets</h2>
      <p className="muted">
        Phones of a model with a target are told in their files to fetch it from this computer, and upgrade when they run an older version.
      </p>
      <form
        className="toolbar"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!vendor) return;
          const t: FirmwareTarget = { vendor, model: model.trim(), firmwareId, ...(site.trim() ? { site: site.trim() } : {}) };
          const slot = (x: FirmwareTarget) => `${x.vendor}|${x.model.toLowerCase()}|${(x.site ?? '').toLowerCase()}`;
          if (await save([...targets.filter((x) => slot(x) !== slot(t)), t]))
            toast.success(`Target set: ${VENDOR_NAMES[vendor]} ${t.model}`);
        }}
      >
        <VendorField value={vendor} onChange={(v) => setVendor(v as FirmwareVendor | '')} testId="target-vendor" />
        <label className="field">
          <span>Model</span>
          <input value={model} onChange={(e) => setModel(e.target.value)} list="fw-models" required data-testid="target-model" />
          <datalist id="fw-models">
            {models.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>Firmware</span>
          <select value={firmwareId} onChange={(e) => setFirmwareId(e.target.value)} required data-testid="target-firmware">
            <option value="">Choose…</option>
            {choices.map((e) => (
              <option key={e.id} value={e.id}>
                {e.version} ({e.fileName})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Site (optional)</span>
          <input value={site} onChange={(e) => setSite(e.target.value)} list="fw-sites" placeholder="every site" />
          <datalist id="fw-sites">
            {sites.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <button type="submit" className="btn-primary" data-testid="target-set">
          Set target
        </button>
      </form>
      {error && <ErrorNote error={error} />}
      {targets.length > 0 && (
        <table className="plain" data-testid="firmware-targets">
          <thead>
            <tr>
              <th scope="col">Vendor</th>
              <th scope="col">Model</th>
              <th scope="col">Site</th>
              <th scope="col">Target</th>
              <th scope="col">Phones below</th>
              <th scope="col">At target</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {targets.map((t) => {
              const c = counts(t);
              return (
                <tr key={`${t.vendor}-${t.model}-${t.site ?? ''}`} data-testid="firmware-target">
                  <td>{VENDOR_NAMES[t.vendor]}</td>
                  <td>{t.model}</td>
                  <td>{t.site ?? <span className="muted">every site</span>}</td>
                  <td className="mono">{byId.get(t.firmwareId)?.version ?? '?'}</td>
                  <td data-testid="target-below">{c.below}</td>
                  <td data-testid="target-at">{c.at}</td>
                  <td>
                    <button type="button" onClick={() => void save(targets.filter((x) => x !== t))}>
                      Remove target
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

export default function FirmwareScreen() {
  const loaded = useFirmware((s) => s.loaded);
  return (
    <section className="screen" aria-labelledby="fw-h">
      <header className="screen-head">
        <h1 id="fw-h">Firmware</h1>
      </header>
      {!loaded && <p className="muted">Loading the library…</p>}
      <AddFiles />
      <Targets />
      <Library />
    </section>
  );
}

/** The vendor of a firmware file or target, chosen from the vendors the library knows. */
function VendorField({ value, onChange, testId }: { value: string; onChange(vendor: string): void; testId: string }) {
  return (
    <label className="field">
      <span>Vendor</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} required data-testid={testId}>
        <option value="">Choose…</option>
        {FIRMWARE_VENDORS.map((v) => (
          <option key={v} value={v}>
            {VENDOR_NAMES[v]}
          </option>
        ))}
      </select>
    </label>
  );
}
