/**
 * The audit log of the device listener, newest first: outcome, address and MAC filter on the
 * server; the text filter looks through what was loaded. Windowed, so 10,000 rows stay smooth.
 * Export downloads the server's CSV of every entry still on disk that matches the server filters.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AuditEntry, AuditQuery } from '../../../shared/security/audit';
import { formatMac, type Mac } from '../../../shared/mac';
import { api } from '../../api/api';
import type { UserError } from '../../api/errors';
import { ErrorNote } from '../../components/Feedback';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { attempt, run } from '../../lib/actions';
import { downloadText } from '../../lib/download';
import { KIND_WORDS, matchesText, REASON_WORDS } from './auditWords';

interface Filters {
  outcome: '' | 'served' | 'refused';
  ip: string;
  mac: string;
  text: string;
}

const NO_FILTERS: Filters = { outcome: '', ip: '', mac: '', text: '' };
const PAGE = 500;
const MAX = 10_000;

type ServerQuery = Omit<AuditQuery, 'limit'>;

/** Only the filters the server applies, without empty ones (the client would send them as text). */
function serverQuery(f: Filters): ServerQuery {
  const q: ServerQuery = {};
  if (f.outcome) q.outcome = f.outcome;
  if (f.ip.trim()) q.ip = f.ip.trim();
  if (f.mac.trim()) q.mac = f.mac.trim();
  return q;
}

interface Row {
  key: string;
  entry: AuditEntry;
}

const time = (iso: string) => new Date(iso).toLocaleString();
/** Today's entries by their time alone; older ones with the date. */
function shortTime(iso: string): string {
  const d = new Date(iso);
  return d.toDateString() === new Date().toDateString()
    ? d.toLocaleTimeString()
    : d.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

const COLUMNS: Column<Row>[] = [
  { id: 'at', header: 'Time', width: '8.5rem', cell: ({ entry }) => <span title={time(entry.at)}>{shortTime(entry.at)}</span> },
  {
    id: 'outcome',
    header: 'Outcome',
    width: '7.5rem',
    cell: ({ entry }) => (
      <span className={`chip ${entry.outcome === 'refused' ? 'chip-bad' : 'chip-good'}`}>
        {entry.outcome === 'served' ? '✓ served' : entry.outcome === 'refused' ? '✕ refused' : `⟳ ${entry.outcome}`}
      </span>
    ),
  },
  { id: 'ip', header: 'Address', width: '8rem', cell: ({ entry }) => <span className="mono">{entry.ip}</span> },
  {
    id: 'mac',
    header: 'MAC',
    width: '11.5rem',
    cell: ({ entry }) => <span className="mono">{entry.mac ? formatMac(entry.mac as Mac) : '—'}</span>,
  },
  {
    id: 'what',
    header: 'What',
    width: 'minmax(7rem, 1.5fr)',
    cell: ({ entry }) => (
      <span title={`${KIND_WORDS[entry.kind]}: ${entry.what}${entry.tls ? ' (HTTPS)' : ''}`}>
        {entry.kind !== 'rps' && <span className="muted">{KIND_WORDS[entry.kind]} </span>}
        {entry.what}
        {entry.tls && <span className="muted"> · HTTPS</span>}
      </span>
    ),
  },
  {
    id: 'reason',
    header: 'Why refused',
    width: '11rem',
    cell: ({ entry }) => {
      const words = entry.reason ? REASON_WORDS[entry.reason] : '';
      return <span title={words ? `${words} (HTTP ${entry.status})` : `HTTP ${entry.status}`}>{words}</span>;
    },
  },
  {
    id: 'repeats',
    header: 'Repeats',
    width: '6rem',
    cell: ({ entry }) =>
      entry.repeats ? (
        <span title={`${entry.repeats} identical requests, the last at ${time(entry.lastAt ?? entry.at)}`} data-testid="audit-repeats">
          ×{entry.repeats}
          <span className="sr-only">, the last at {time(entry.lastAt ?? entry.at)}</span>
        </span>
      ) : (
        <span className="muted">once</span>
      ),
  },
  {
    id: 'ua',
    header: 'Device says',
    width: 'minmax(5rem, 1fr)',
    cell: ({ entry }) => <span title={entry.userAgent}>{entry.userAgent || '—'}</span>,
  },
];

export function AuditLogViewer() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [limit, setLimit] = useState(PAGE);
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [error, setError] = useState<UserError>();
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  const { outcome, ip, mac } = filters;
  const query = useMemo(() => serverQuery({ ...NO_FILTERS, outcome, ip, mac }), [outcome, ip, mac]);

  const load = useCallback(async () => {
    const mine = ++latest.current;
    setLoading(true);
    const r = await attempt(() => api().auditLog({ query: { ...query, limit } }));
    // An older answer never replaces a newer one (filters typed quickly).
    if (mine !== latest.current) return;
    setLoading(false);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setEntries(r.value);
  }, [query, limit]);

  useEffect(() => {
    const t = setTimeout(() => void load(), 250);
    return () => clearTimeout(t);
  }, [load]);

  const rows = useMemo(
    () => (entries ?? []).filter((e) => matchesText(e, filters.text)).map((entry, i) => ({ key: String(i), entry })),
    [entries, filters.text],
  );
  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });
  const more = entries !== undefined && entries.length >= limit && limit < MAX;

  const exportCsv = async () => {
    const r = await run(
      () => api().auditExport({ query }),
      (x) => `Exported ${x.rows} audit entr${x.rows === 1 ? 'y' : 'ies'}`,
    );
    if (r) downloadText(r.fileName, r.csv);
  };

  return (
    <section className="card stack" aria-labelledby="audit-h">
      <h2 id="audit-h">Audit log</h2>
      <p className="muted">
        Every request for a file holding passwords, every provisioning URL the RPS handed out, and every refusal: who, when, what, and
        whether it was served. Identical requests in a row are shown once with a repeat count. Tokens and passwords are never logged.
      </p>
      <div className="toolbar" role="search" aria-label="Filter the audit log">
        <label className="field">
          <span>Outcome</span>
          <select
            value={filters.outcome}
            onChange={(e) => set({ outcome: e.target.value as Filters['outcome'] })}
            data-testid="audit-outcome"
          >
            <option value="">Served and refused</option>
            <option value="served">Served</option>
            <option value="refused">Refused</option>
          </select>
        </label>
        <label className="field">
          <span>Address</span>
          <input value={filters.ip} placeholder="e.g. 192.168.1.23" onChange={(e) => set({ ip: e.target.value })} data-testid="audit-ip" />
        </label>
        <label className="field">
          <span>MAC</span>
          <input value={filters.mac} placeholder="the whole MAC" onChange={(e) => set({ mac: e.target.value })} data-testid="audit-mac" />
        </label>
        <label className="field grow">
          <span>Text</span>
          <input
            type="search"
            value={filters.text}
            placeholder="file, reason, User-Agent…"
            onChange={(e) => set({ text: e.target.value })}
            data-testid="audit-text"
          />
        </label>
        <div className="toolbar-end inline">
          <button type="button" onClick={() => void load()} disabled={loading} data-testid="audit-refresh">
            {loading ? 'Loading…' : 'Refresh'}
          </button>
          <button type="button" onClick={() => void exportCsv()} data-testid="audit-export">
            Export CSV
          </button>
        </div>
      </div>
      <p className="muted" role="status" data-testid="audit-count" data-shown={rows.length} data-loaded={entries?.length ?? 0}>
        {entries === undefined
          ? 'Loading…'
          : `${rows.length} shown of the ${entries.length} newest matching entr${entries.length === 1 ? 'y' : 'ies'}, newest first.`}{' '}
        Export takes every entry kept on disk that matches the outcome, address and MAC (not the text).
      </p>
      {error && <ErrorNote error={error} onRetry={() => void load()} />}
      <div className="audit-table">
        <VirtualTable
          label="Audit log, newest first"
          testId="audit-table"
          items={rows}
          columns={COLUMNS}
          rowKey={(r) => r.key}
          rowClass={(r) => (r.entry.outcome === 'refused' ? 'is-refused' : undefined)}
          empty={entries === undefined ? 'Loading…' : 'No entries match. Phones appear here as soon as they ask for anything.'}
        />
      </div>
      {more && (
        <div>
          <button type="button" onClick={() => setLimit(Math.min(MAX, limit * 4))} data-testid="audit-more">
            Show older entries
          </button>
        </div>
      )}
    </section>
  );
}
