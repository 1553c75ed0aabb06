/** SIP accounts: typed in, imported from the PBX, or from a CSV; exported in the same CSV format. */
import { useMemo, useState } from 'react';
import { type AccountView, type Transport } from '../../shared/domain/account';
import type { PbxEndpoint } from '../../shared/pbx/views';
import { TransportSelect } from '../components/Selects';
import { api } from '../api/api';
import type { UserError } from '../api/errors';
import { askUnsaved, confirmAction } from '../components/Confirm';
import { fieldErrorsOf, formNote } from '../lib/fieldErrors';
import { useUnsavedGuard } from '../stores/unsaved';
import { isLoopbackHost, sipHostProblem } from '../../shared/pbx/sipHostCheck';
import { ErrorNote } from '../components/Feedback';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { attempt, run } from '../lib/actions';
import { downloadText, stamp } from '../lib/download';
import { useData } from '../stores/data';
import { usePhones } from '../stores/phones';
import { loadAccounts } from '../stores/sync';
import { toast } from '../stores/toasts';
import { CsvImport, exportAssignments } from './CsvImport';
import { FieldError } from '../components/FieldError';

interface Draft {
  userName: string;
  authName: string;
  password: string;
  displayName: string;
  label: string;
  serverHost: string;
  serverPort: string;
  transport: Transport;
  voicemail: string;
}

function draftOf(a: AccountView | undefined, defaults: { host: string; port: number; transport: Transport }): Draft {
  return {
    userName: a?.userName ?? '',
    authName: a?.authName ?? '',
    password: '',
    displayName: a?.displayName ?? '',
    label: a?.label ?? '',
    serverHost: a?.serverHost ?? defaults.host,
    serverPort: String(a?.serverPort ?? defaults.port),
    transport: a?.transport ?? defaults.transport,
    voicemail: a?.voicemail ?? '',
  };
}

const ACCOUNT_LABELS: Record<keyof Draft, string> = {
  userName: 'Extension / SIP user',
  password: 'Password',
  authName: 'Auth name',
  displayName: 'Display name',
  label: 'Line label on the phone',
  voicemail: 'Voicemail number',
  serverHost: 'SIP server',
  serverPort: 'Port',
  transport: 'Transport',
};

function AccountForm({ account, onDone }: { account?: AccountView; onDone(): void }) {
  const settings = useData((s) => s.settings);
  const phones = usePhones((s) => s.list);
  const defaults = {
    // No guessed server: empty until Settings names the PBX the phones register with.
    host: settings?.pbx.sipHost ?? '',
    port: settings?.pbx.sipPort ?? 5060,
    transport: settings?.pbx.sipTransport ?? 'udp',
  };
  const [initial] = useState<Draft>(() => draftOf(account, defaults));
  const [d, setD] = useState<Draft>(initial);
  const [error, setError] = useState<UserError>();
  const [local, setLocal] = useState<Record<string, string>>({});
  const dirty = JSON.stringify(d) !== JSON.stringify(initial);
  const phonesOnLan =
    (settings?.lanInterface ?? '') !== '' || phones.some((p) => (p.flow.lastIp ?? '') !== '' && !isLoopbackHost(p.flow.lastIp ?? ''));
  const hostProblem = d.serverHost.trim() ? sipHostProblem(d.serverHost, phonesOnLan) : undefined;
  const { fields, rest } = fieldErrorsOf(error, ACCOUNT_LABELS);
  const messages: Record<string, string> = { ...fields, ...local };
  const submit = async (): Promise<boolean> => {
    // Checked here first, in the form's words, before the API is asked.
    const mine: Record<string, string> = {};
    if (!d.userName.trim()) mine['userName'] = `${ACCOUNT_LABELS.userName}: enter the extension, e.g. 2001`;
    if (!account && !d.password) mine['password'] = `${ACCOUNT_LABELS.password}: enter the SIP password`;
    if (!d.serverHost.trim()) mine['serverHost'] = `${ACCOUNT_LABELS.serverHost}: enter the PBX address the phones register with`;
    else if (hostProblem?.level === 'error') mine['serverHost'] = `${ACCOUNT_LABELS.serverHost}: ${hostProblem.message}`;
    setLocal(mine);
    if (Object.keys(mine).length > 0) {
      setError(undefined);
      return false;
    }
    const body = {
      userName: d.userName.trim(),
      ...(d.authName.trim() ? { authName: d.authName.trim() } : {}),
      displayName: d.displayName,
      label: d.label,
      serverHost: d.serverHost.trim(),
      serverPort: Number(d.serverPort),
      transport: d.transport,
      voicemail: d.voicemail,
    };
    const r = account
      ? await attempt(() =>
          api().updateAccount({ params: { id: account.id }, body: { ...body, ...(d.password ? { password: d.password } : {}) } }),
        )
      : await attempt(() => api().createAccount({ body: { ...body, password: d.password } }));
    if (!r.ok) {
      setError(r.error);
      return false;
    }
    toast.success(account ? `Saved account ${r.value.userName}` : `Added account ${r.value.userName}`);
    void loadAccounts();
    onDone();
    return true;
  };
  useUnsavedGuard(dirty, account ? `account ${account.userName}` : 'the new account', submit);
  const text = (key: keyof Draft, opts: { type?: string; required?: boolean; hint?: string; warning?: string } = {}) => (
    <label className="field">
      <span>
        {ACCOUNT_LABELS[key]}
        {opts.required ? ' (required)' : ''}
      </span>
      <input
        type={opts.type ?? 'text'}
        value={d[key]}
        aria-invalid={messages[key] ? true : undefined}
        aria-describedby={messages[key] ? `account-${key}-error` : undefined}
        autoComplete="off"
        onChange={(e) => setD({ ...d, [key]: e.target.value })}
        data-testid={`account-${key}`}
      />
      {opts.hint && <small>{opts.hint}</small>}
      {messages[key] ? (
        <FieldError id={`account-${key}-error`} message={messages[key]} />
      ) : (
        opts.warning && <small className="field-warning">{opts.warning}</small>
      )}
    </label>
  );
  return (
    <form
      className="card form"
      aria-label={account ? `Edit account ${account.userName}` : 'New account'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{account ? `Edit account ${account.userName}` : 'New account'}</h2>
      <div className="grid3">
        {text('userName', { required: true })}
        {text('password', {
          type: 'password',
          required: !account,
          ...(account ? { hint: 'Leave empty to keep the current one' } : {}),
        })}
        {text('authName', { hint: 'If different from the extension' })}
        {text('displayName')}
        {text('label')}
        {text('voicemail')}
        {text('serverHost', {
          required: true,
          ...(defaults.host ? {} : { hint: 'Not set in Settings yet: the PBX address as the phones reach it' }),
          ...(hostProblem?.level === 'warning' ? { warning: hostProblem.message } : {}),
        })}
        {text('serverPort', { type: 'number' })}
        <TransportSelect value={d.transport} onChange={(transport) => setD({ ...d, transport })} />
      </div>
      {error && <ErrorNote error={formNote(error, fields, rest)} />}
      <div className="row-end">
        <button
          type="button"
          onClick={async () => {
            if (dirty) {
              const answer = await askUnsaved(account ? `account ${account.userName}` : 'the new account');
              if (answer === 'stay' || (answer === 'save' && !(await submit()))) return;
              if (answer === 'save') return;
            }
            onDone();
          }}
        >
          Cancel
        </button>
        <button type="submit" className="btn-primary">
          {account ? 'Save account' : 'Add account'}
        </button>
      </div>
    </form>
  );
}

type Endpoint = PbxEndpoint;

function PbxImport() {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<UserError>();
  const [endpoints, setEndpoints] = useState<Endpoint[]>();
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [skipped, setSkipped] = useState<{ name: string; reason: string }[]>([]);
  const load = async () => {
    setBusy('Reading the endpoints from the PBX…');
    const r = await attempt(() => api().pbxEndpoints());
    setBusy('');
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setEndpoints(r.value);
    setPicked(new Set(r.value.filter((e) => e.hasPassword && !e.accountId).map((e) => e.name)));
  };
  const importPicked = async () => {
    setBusy(`Importing ${picked.size} endpoint(s)…`);
    const r = await attempt(() => api().pbxImport({ body: { names: [...picked] } }));
    setBusy('');
    if (!r.ok) return setError(r.error);
    setSkipped(r.value.skipped);
    toast.success(
      `From the PBX: ${r.value.created.length} account(s) added, ${r.value.updated.length} updated, ${r.value.skipped.length} skipped`,
    );
    setEndpoints(undefined);
    void loadAccounts();
  };
  return (
    <div className="card stack" aria-labelledby="pbx-imp-h">
      <h2 id="pbx-imp-h">Import from the PBX</h2>
      <p className="muted">
        Reads the PJSIP endpoints and their credentials from Asterisk over AMI (set the AMI connection under Settings).
      </p>
      {error && <ErrorNote error={error} onRetry={() => void load()} />}
      {busy && <p role="status">{busy}</p>}
      {!endpoints && (
        <div>
          <button type="button" onClick={() => void load()} disabled={busy !== ''}>
            Load endpoints from the PBX
          </button>
        </div>
      )}
      {endpoints && (
        <>
          <div style={{ maxHeight: '16rem', overflow: 'auto' }}>
            <table className="plain">
              <thead>
                <tr>
                  <th scope="col">Import</th>
                  <th scope="col">Endpoint</th>
                  <th scope="col">Name</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {endpoints.map((e) => (
                  <tr key={e.name}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Import ${e.name}`}
                        checked={picked.has(e.name)}
                        disabled={!e.hasPassword}
                        onChange={() => {
                          const next = new Set(picked);
                          if (next.has(e.name)) next.delete(e.name);
                          else next.add(e.name);
                          setPicked(next);
                        }}
                      />
                    </td>
                    <td className="mono">{e.name}</td>
                    <td>{e.displayName}</td>
                    <td className="muted">
                      {!e.hasPassword
                        ? 'The PBX keeps only a hash of its password: add it by hand'
                        : e.accountId
                          ? 'Already in the app (import updates it)'
                          : 'New'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="row-end">
            <button type="button" onClick={() => setEndpoints(undefined)}>
              Cancel
            </button>
            <button type="button" className="btn-primary" disabled={picked.size === 0 || busy !== ''} onClick={() => void importPicked()}>
              Import {picked.size} endpoint(s)
            </button>
          </div>
        </>
      )}
      {skipped.length > 0 && (
        <div className="note note-muted">
          <strong>Skipped:</strong>
          <ul>
            {skipped.map((s) => (
              <li key={s.name}>
                {s.name}: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export default function AccountsScreen() {
  const accounts = useData((s) => s.accounts);
  const phones = usePhones((s) => s.list);
  const [editing, setEditing] = useState<AccountView | 'new'>();
  const [importing, setImporting] = useState(false);
  const [withPasswords, setWithPasswords] = useState(false);
  const [search, setSearch] = useState('');
  const [revealed, setRevealed] = useState<Record<string, string>>({});

  const usedBy = useMemo(() => {
    const m = new Map<string, number>();
    for (const p of phones) for (const l of p.lines) m.set(l.accountId, (m.get(l.accountId) ?? 0) + 1);
    return m;
  }, [phones]);
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return q ? accounts.filter((a) => `${a.userName} ${a.displayName} ${a.label} ${a.serverHost}`.toLowerCase().includes(q)) : accounts;
  }, [accounts, search]);

  const columns: Column<AccountView>[] = [
    { id: 'user', width: '8rem', header: 'Extension', cell: (a) => <strong>{a.userName}</strong> },
    { id: 'name', width: 'minmax(8rem, 1fr)', header: 'Display name', cell: (a) => a.displayName || <span className="muted">—</span> },
    {
      id: 'server',
      width: 'minmax(9rem, 1fr)',
      header: 'Server',
      cell: (a) => <span className="mono">{`${a.serverHost}:${a.serverPort} ${a.transport.toUpperCase()}`}</span>,
    },
    { id: 'src', width: '5rem', header: 'From', cell: (a) => a.source },
    { id: 'used', width: '6.5rem', header: 'Phones', cell: (a) => usedBy.get(a.id) ?? 0 },
    {
      id: 'pw',
      width: '9rem',
      header: 'Password',
      cell: (a) =>
        revealed[a.id] !== undefined ? (
          <span className="mono">{revealed[a.id]}</span>
        ) : (
          <button
            type="button"
            className="linklike"
            aria-label={`Show password of ${a.userName}`}
            onClick={async () => {
              const r = await run(() => api().revealPassword({ params: { id: a.id } }));
              if (r) setRevealed({ ...revealed, [a.id]: r.password });
            }}
          >
            Show
          </button>
        ),
    },
    {
      id: 'act',
      width: '11rem',
      header: 'Actions',
      cell: (a) => (
        <span className="inline">
          <button type="button" onClick={() => setEditing(a)} aria-label={`Edit ${a.userName}`}>
            Edit
          </button>
          <button
            type="button"
            className="btn-danger"
            aria-label={`Delete ${a.userName}`}
            onClick={async () => {
              const ok = await confirmAction({
                title: `Delete account ${a.userName}?`,
                message: 'The account is removed from the app (not from the PBX). You can undo this for a while.',
                confirmLabel: 'Delete account',
              });
              if (ok)
                await run(
                  () => api().deleteAccount({ params: { id: a.id } }),
                  () => `Deleted account ${a.userName}`,
                );
            }}
          >
            Delete
          </button>
        </span>
      ),
    },
  ];

  return (
    <section className="screen screen-fill" aria-labelledby="acc-h">
      <header className="screen-head">
        <h1 id="acc-h">Accounts</h1>
        <button type="button" className="btn-primary" onClick={() => setEditing('new')}>
          New account
        </button>
        <button type="button" onClick={() => setImporting((v) => !v)} aria-expanded={importing} data-testid="open-csv-import">
          Import CSV…
        </button>
        <span className="inline">
          <label className="inline">
            <input type="checkbox" checked={withPasswords} onChange={(e) => setWithPasswords(e.target.checked)} /> with passwords
          </label>
          <button
            type="button"
            onClick={async () => {
              const text = await run(() => exportAssignments(withPasswords));
              if (text !== undefined) downloadText(`assignments-${stamp()}.csv`, text);
            }}
          >
            Export CSV
          </button>
        </span>
      </header>
      {editing && (
        <AccountForm
          key={editing === 'new' ? 'new' : editing.id}
          account={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(undefined)}
        />
      )}
      {importing && <CsvImport onClose={() => setImporting(false)} />}
      <PbxImport />
      <div className="toolbar">
        <label className="field grow">
          <span>Search accounts</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Extension, name, server…" />
        </label>
        <span className="muted toolbar-end">{accounts.length} accounts</span>
      </div>
      <VirtualTable
        label="Accounts"
        testId="accounts-table"
        items={shown}
        columns={columns}
        rowKey={(a) => a.id}
        rowHeight={46}
        empty="No accounts yet: add one, import a CSV, or import from the PBX."
      />
    </section>
  );
}
