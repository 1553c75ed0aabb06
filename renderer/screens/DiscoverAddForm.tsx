/**
 * Adding one found device from its Discover row: vendor and model picked from the catalog (the
 * guess from its MAC prefix or User-Agent pre-selected), and its account given right there,
 * picked from the accounts no phone uses yet, or created on the spot.
 */
import { useMemo, useState } from 'react';
import { modelsOf } from '../../shared/catalog/models';
import type { Device } from '../../shared/domain/inventory';
import { CATALOG_VENDORS, guessDevice } from '../../shared/discovery/guessDevice';
import { formatMac, type Mac } from '../../shared/mac';
import { api } from '../api/api';
import type { UserError } from '../api/errors';
import { ErrorNote } from '../components/Feedback';
import { attempt } from '../lib/actions';
import { fieldErrorsOf, formNote } from '../lib/fieldErrors';
import { useData } from '../stores/data';
import { usePhones } from '../stores/phones';
import { loadAccounts } from '../stores/sync';
import { toast } from '../stores/toasts';
import { FieldError } from '../components/FieldError';

const GUESS_WORDS = {
  device: 'As the device said',
  'user-agent': 'Guessed from its User-Agent',
  'mac-prefix': 'Guessed from its MAC prefix',
  '': '',
};
const NEW = '__new__';

export function DiscoverAddForm({ device, onClose }: { device: Device; onClose(): void }) {
  const guess = useMemo(() => guessDevice(device), [device]);
  const accounts = useData((s) => s.accounts);
  const settings = useData((s) => s.settings);
  const phones = usePhones((s) => s.list);
  const used = useMemo(() => new Set(phones.flatMap((p) => p.lines.map((l) => l.accountId))), [phones]);
  const free = accounts.filter((a) => !used.has(a.id));
  const [vendor, setVendor] = useState(guess.vendor);
  const [model, setModel] = useState(guess.model);
  const [site, setSite] = useState('');
  const [account, setAccount] = useState('');
  const [ext, setExt] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<UserError>();
  const [busy, setBusy] = useState(false);
  const models = modelsOf(vendor);
  const title = formatMac(device.mac as Mac);
  const labels = { userName: 'Extension', password: 'Password', serverHost: 'SIP server (Settings)', model: 'Model', vendor: 'Vendor' };
  const { fields, rest } = fieldErrorsOf(error, labels);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    let accountId = account === NEW ? '' : account;
    if (account === NEW) {
      const host = settings?.pbx.sipHost ?? '';
      if (!host) {
        setBusy(false);
        return setError({
          message: 'Set the SIP server in Settings first',
          hint: 'A new account needs the PBX address the phones register with.',
        });
      }
      const r = await attempt(() =>
        api().createAccount({
          body: {
            userName: ext.trim(),
            password,
            displayName,
            serverHost: host,
            serverPort: settings?.pbx.sipPort ?? 5060,
            transport: settings?.pbx.sipTransport ?? 'udp',
          },
        }),
      );
      if (!r.ok) {
        setBusy(false);
        return setError(r.error);
      }
      accountId = r.value.id;
      void loadAccounts();
    }
    const r = await attempt(() =>
      api().createPhone({
        body: {
          mac: device.mac,
          vendor,
          model,
          firmware: device.firmware,
          serial: device.serial,
          site: site.trim(),
          lines: accountId ? [{ line: 1, accountId }] : [],
        },
      }),
    );
    setBusy(false);
    if (!r.ok) return setError(r.error);
    usePhones.getState().upsert([r.value]);
    toast.success(`Added ${title}${accountId ? ' with its account' : ''}`);
    onClose();
  };

  const fieldError = (key: string) => <FieldError id={`discover-add-${key}-error`} message={fields[key]} />;

  return (
    <form
      className="card form"
      aria-label={`Add ${title}`}
      data-testid="discover-add"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>
        Add <span className="mono">{title}</span>
        {device.ip && <span className="muted"> · {device.ip}</span>}
      </h2>
      <div className="grid3">
        <label className="field">
          <span>Vendor</span>
          <select
            value={vendor}
            onChange={(e) => {
              setVendor(e.target.value);
              setModel('');
            }}
            data-testid="discover-add-vendor"
          >
            <option value="">Unknown</option>
            {[...new Set([...CATALOG_VENDORS, ...(vendor && !CATALOG_VENDORS.includes(vendor) ? [vendor] : [])])].map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
          {guess.vendor && <small data-testid="discover-add-vendor-guess">{GUESS_WORDS[guess.vendorFrom]}</small>}
          {fieldError('vendor')}
        </label>
        <label className="field">
          <span>Model</span>
          <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="discover-add-model">
            <option value="">{vendor ? 'Choose the model…' : 'Choose the vendor first'}</option>
            {[...models.map((m) => m.model), ...(model && !models.some((m) => m.model === model) ? [model] : [])].map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          {guess.model && <small>{GUESS_WORDS[guess.modelFrom]}</small>}
          {fieldError('model')}
        </label>
        <label className="field">
          <span>Site</span>
          <input value={site} onChange={(e) => setSite(e.target.value)} placeholder="e.g. HQ floor 2" />
        </label>
        <label className="field">
          <span>Account on line 1</span>
          <select value={account} onChange={(e) => setAccount(e.target.value)} data-testid="discover-add-account">
            <option value="">None yet</option>
            <option value={NEW}>New account…</option>
            {free.map((a) => (
              <option key={a.id} value={a.id}>
                {a.userName}
                {a.displayName ? ` — ${a.displayName}` : ''}
              </option>
            ))}
          </select>
          <small>{free.length} account(s) no phone uses yet</small>
        </label>
        {account === NEW && (
          <>
            <label className="field">
              <span>Extension</span>
              <input
                value={ext}
                onChange={(e) => setExt(e.target.value)}
                data-testid="discover-add-ext"
                aria-invalid={fields['userName'] ? true : undefined}
              />
              {fieldError('userName')}
            </label>
            <label className="field">
              <span>Password</span>
              <input
                type="password"
                value={password}
                autoComplete="new-password"
                onChange={(e) => setPassword(e.target.value)}
                data-testid="discover-add-password"
                aria-invalid={fields['password'] ? true : undefined}
              />
              {fieldError('password')}
            </label>
            <label className="field">
              <span>Display name</span>
              <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
            </label>
          </>
        )}
      </div>
      {error && <ErrorNote error={formNote(error, fields, rest)} />}
      <div className="row-end">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn-primary" disabled={busy} data-testid="discover-add-submit">
          Add phone
        </button>
      </div>
    </form>
  );
}
