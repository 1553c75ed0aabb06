/**
 * CSV import with a preview: every row is shown, every bad row marked with why; nothing is
 * applied until the technician confirms, and then with a progress bar.
 */
import { useMemo, useState } from 'react';
import {
  ASSIGNMENT_COLUMNS,
  parseAssignmentCsv,
  sampleAssignmentRows,
  type AssignmentParse,
  type RowResult,
} from '../../shared/csv/assignmentCsv';
import { serializeCsv } from '../../shared/csv/csv';
import { downloadText } from '../lib/download';
import { undo } from '../components/Feedback';
import { planImport } from '../../shared/csv/importPlan';
import { api } from '../api/api';
import { toUserError } from '../api/errors';
import { confirmAction } from '../components/Confirm';
import { Progress } from '../components/Feedback';
import { applyPlan, planSize, type ApplyResult } from '../lib/applyImport';
import { useData } from '../stores/data';
import { usePhones } from '../stores/phones';
import { loadAccounts, loadPhones } from '../stores/sync';
import { toast } from '../stores/toasts';

const MAX_BYTES = 5 * 1024 * 1024;
const SHOWN_COLUMNS = ['mac', 'serial', 'line', 'extension', 'password', 'display_name', 'user_type', 'site'] as const;

function Preview({ parsed }: { parsed: AssignmentParse }) {
  const [onlyBad, setOnlyBad] = useState(false);
  const rows = onlyBad ? parsed.rows.filter((r) => r.errors.length > 0) : parsed.rows;
  const shown = rows.slice(0, 500);
  return (
    <div className="stack">
      <label className="inline">
        <input type="checkbox" checked={onlyBad} onChange={(e) => setOnlyBad(e.target.checked)} /> Show only rows with problems
      </label>
      <div style={{ overflow: 'auto', maxHeight: '26rem' }}>
        <table className="plain csv-preview" data-testid="csv-preview" aria-label="Rows of the file and their problems">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">OK?</th>
              <th scope="col" className="col-problems">
                Problems
              </th>
              {SHOWN_COLUMNS.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <PreviewRow key={r.fileLine} row={r} />
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > shown.length && <p className="muted">Showing the first 500 of {rows.length} rows.</p>}
    </div>
  );
}

function PreviewRow({ row }: { row: RowResult }) {
  const bad = row.errors.length > 0;
  const badCols = new Set(row.errors.map((e) => e.column));
  return (
    <tr className={bad ? 'row-bad' : undefined} data-bad={bad ? 'true' : 'false'}>
      <td>{row.fileLine}</td>
      <td>{bad ? <strong className="reason">✕ bad</strong> : '✓ ok'}</td>
      {/* The reasons come first, so they are in view however wide the rest is. */}
      <td className="col-problems">
        {row.errors.map((e, i) => (
          <div key={i} className="reason">
            {e.column === 'row' ? '' : `${e.column}: `}
            {e.message}
          </div>
        ))}
      </td>
      {SHOWN_COLUMNS.map((c) => (
        <td key={c} className={badCols.has(c) ? 'cell-bad' : undefined}>
          {c === 'password' ? (row.cells[c] ? '••••' : '') : (row.cells[c] ?? '')}
        </td>
      ))}
    </tr>
  );
}

export function CsvImport({ onClose }: { onClose(): void }) {
  const accounts = useData((s) => s.accounts);
  const settings = useData((s) => s.settings);
  const phones = usePhones((s) => s.list);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [readError, setReadError] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [result, setResult] = useState<ApplyResult>();
  /** What the last Apply did; while set, the same file cannot be applied again. */
  const [applied, setApplied] = useState<{ summary: string; undoId?: string; undone: boolean; fileName: string }>();

  const parsed = useMemo(
    () =>
      text.trim() === ''
        ? undefined
        : parseAssignmentCsv(text, {
            knownAccounts: accounts,
            defaults: {
              serverHost: settings?.pbx.sipHost ?? '',
              serverPort: settings?.pbx.sipPort ?? 5060,
              transport: settings?.pbx.sipTransport ?? 'udp',
            },
          }),
    [text, accounts, settings],
  );
  const good = useMemo(() => parsed?.rows.flatMap((r) => (r.value ? [r.value] : [])) ?? [], [parsed]);
  const bad = (parsed?.rows.length ?? 0) - good.length;
  const plan = useMemo(() => planImport(good, { accounts, phones }), [good, accounts, phones]);
  const newPhones = plan.phones.filter((p) => !p.exists).length;

  const apply = async () => {
    if (applied) return;
    if (bad > 0) {
      const ok = await confirmAction({
        title: `Skip ${bad} bad row(s)?`,
        message: `${bad} row(s) have problems and will not be imported. The ${good.length} good row(s) will be applied.`,
        confirmLabel: `Apply ${good.length} good row(s)`,
      });
      if (!ok) return;
    }
    setProgress({ done: 0, total: planSize(plan) });
    try {
      const r = await applyPlan(plan, (done) => setProgress({ done, total: planSize(plan) }));
      setResult(r);
      if (r.failures.length === 0) {
        const d = r.done;
        const summary =
          `Imported ${good.length} row(s): created ${d.accountsCreated} account(s), changed ${d.passwordsChanged} password(s)` +
          (d.passwordsUnchanged ? ` (${d.passwordsUnchanged} given the same password, left as they were)` : '') +
          `, added ${d.phonesCreated} phone(s), updated ${d.phonesUpdated}.`;
        setApplied({ summary, ...(r.undoId ? { undoId: r.undoId } : {}), undone: false, fileName });
        setText('');
        toast.success(`Imported ${good.length} row(s)`, r.undoId);
      }
      await Promise.all([loadAccounts(), loadPhones()]);
    } catch (e) {
      toast.error(toUserError(e));
    } finally {
      setProgress(undefined);
    }
  };

  return (
    <section className="card stack" aria-labelledby="csv-h" data-testid="csv-import">
      <h2 id="csv-h">Import accounts and assignments from CSV</h2>
      <p className="muted">
        Columns: {ASSIGNMENT_COLUMNS.join(', ')}. One row per phone line; only <code>mac</code> is required. A row with just{' '}
        <code>mac</code> and <code>serial</code> (the distributor’s pallet list) adds or updates the phone without an account. With an{' '}
        <code>extension</code>, a password is needed for an account the app does not have yet. Empty server, port or transport take the PBX
        settings.
      </p>
      {applied && (
        <div className="note note-good" role="status" data-testid="csv-applied">
          <strong>
            {applied.undone ? `Undone: the import${applied.fileName ? ` of ${applied.fileName}` : ''} was taken back.` : applied.summary}
          </strong>
          {!applied.undone && <div>This file has been applied. To import more, choose another file.</div>}
          <div className="inline">
            {applied.undoId && !applied.undone && (
              <button
                type="button"
                data-testid="csv-undo"
                onClick={async () => {
                  await undo(applied.undoId as string, -1);
                  setApplied({ ...applied, undone: true });
                  await Promise.all([loadAccounts(), loadPhones()]);
                }}
              >
                Undo this import
              </button>
            )}
          </div>
        </div>
      )}
      <div className="toolbar">
        <button
          type="button"
          data-testid="csv-sample"
          onClick={() => downloadText('assignments-sample.csv', serializeCsv(ASSIGNMENT_COLUMNS, sampleAssignmentRows()))}
        >
          Download a sample file
        </button>
        <label className="field">
          <span>CSV file</span>
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            data-testid="csv-file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              setResult(undefined);
              setApplied(undefined);
              setReadError('');
              if (!file) return;
              if (file.size > MAX_BYTES)
                return setReadError(`${file.name} is ${(file.size / 1e6).toFixed(1)} MB; the limit is 5 MB. Split the file.`);
              setFileName(file.name);
              setText(await file.text());
            }}
          />
        </label>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <details>
        <summary>…or paste the CSV text</summary>
        <textarea rows={6} style={{ width: '100%' }} aria-label="CSV text" value={text} onChange={(e) => setText(e.target.value)} />
      </details>
      {readError && (
        <div className="note note-error" role="alert">
          {readError}
        </div>
      )}
      {parsed && (
        <>
          {parsed.fileErrors.length > 0 && (
            <div className="note note-error" role="alert">
              <strong>The file cannot be imported{fileName ? ` (${fileName})` : ''}:</strong>
              <ul>
                {parsed.fileErrors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </div>
          )}
          {parsed.unknownColumns.length > 0 && (
            <div className="note note-muted">Ignored columns the app does not know: {parsed.unknownColumns.join(', ')}</div>
          )}
          {parsed.rows.length > 0 && (
            <>
              <div className={bad > 0 ? 'note note-error' : 'note note-good'} role="status" data-testid="csv-summary">
                <strong>
                  {good.length} good row(s), {bad} bad row(s).
                </strong>{' '}
                Applying would create {plan.newAccounts.length} account(s), add {newPhones} phone(s) and update{' '}
                {plan.phones.length - newPhones}
                {plan.passwordChanges.length > 0 &&
                  `, and set the password the file gives for ${plan.passwordChanges.length} existing account(s) (where it is the same, nothing changes)`}
                . Nothing has been changed yet.
              </div>
              <Preview parsed={parsed} />
              {progress ? (
                <Progress value={progress.done} max={progress.total} label="Importing" />
              ) : (
                <div className="row-end">
                  <button type="button" onClick={() => setText('')}>
                    Discard
                  </button>
                  <button
                    type="button"
                    className="btn-primary"
                    disabled={good.length === 0}
                    onClick={() => void apply()}
                    data-testid="csv-apply"
                  >
                    Apply {good.length} good row(s)
                  </button>
                </div>
              )}
            </>
          )}
        </>
      )}
      {result && result.failures.length > 0 && (
        <div className="note note-error" role="alert">
          <strong>The server refused the import; nothing was changed:</strong>
          <ul>
            {result.failures.slice(0, 20).map((f, i) => (
              <li key={i}>
                {f.what}: {f.error.message}
                {f.error.hint ? ` — ${f.error.hint}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** Builds the export: the same columns; passwords only when asked (each is fetched on purpose). */
export async function exportAssignments(includePasswords: boolean): Promise<string> {
  const { assignmentRows } = await import('../../shared/csv/assignmentCsv');
  const { serializeCsv } = await import('../../shared/csv/csv');
  const accounts = new Map(useData.getState().accounts.map((a) => [a.id, a]));
  const passwords = new Map<string, string>();
  if (includePasswords) {
    for (const id of accounts.keys()) passwords.set(id, (await api().revealPassword({ params: { id } })).password);
  }
  const lines = usePhones.getState().list.flatMap((p) => {
    const base = { mac: p.mac, userType: p.userType, site: p.site, vendor: p.vendor, model: p.model, serial: p.serial };
    if (p.lines.length === 0) return [base];
    return p.lines.map((l) => {
      const a = accounts.get(l.accountId);
      return {
        ...base,
        line: l.line,
        ...(a
          ? {
              account: {
                userName: a.userName,
                ...(a.authName ? { authName: a.authName } : {}),
                ...(passwords.has(a.id) ? { password: passwords.get(a.id) as string } : {}),
                displayName: a.displayName,
                label: a.label,
                serverHost: a.serverHost,
                serverPort: a.serverPort,
                transport: a.transport,
              },
            }
          : {}),
      };
    });
  });
  return serializeCsv(ASSIGNMENT_COLUMNS, assignmentRows(lines));
}
