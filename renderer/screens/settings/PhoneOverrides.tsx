/**
 * Overrides of the site's phone settings: rows that replace some fields for one site, a vendor or
 * model, or one phone (docs/API.md, "Phone settings"). The list says what each row matches and
 * replaces; a row is added, edited (empty fields inherit) or removed (confirmed) with a PATCH of
 * the whole list, so a refusal saves nothing. A site row's passwords are generated and shown on
 * request, like the site's; everywhere else passwords are only "set" or "not set".
 */
import { useEffect, useRef, useState } from 'react';
import type { SettingsView } from '../../../shared/domain/settings';
import { DATE_FORMATS, PHONE_LANGUAGES, TIME_FORMATS } from '../../../shared/domain/phoneSettings';
import { MODELS } from '../../../shared/catalog/models';
import { api } from '../../api/api';
import type { UserError } from '../../api/errors';
import { askUnsaved, confirmAction } from '../../components/Confirm';
import { ErrorNote } from '../../components/Feedback';
import { attempt } from '../../lib/actions';
import { fieldErrorsOf, formNote } from '../../lib/fieldErrors';
import { distinct } from '../../lib/phoneFilter';
import { useData } from '../../stores/data';
import { usePhones } from '../../stores/phones';
import { toast } from '../../stores/toasts';
import { useUnsavedGuard } from '../../stores/unsaved';
import {
  ORDER_LINE,
  OVERRIDE_LABELS,
  INHERIT,
  LANGUAGE_NAMES,
  describeMatch,
  errorForRow,
  formOf,
  formsDiffer,
  isSiteRow,
  levelOf,
  localProblem,
  matchParts,
  matcherOf,
  replacedFields,
  rowOf,
  sameMatcher,
  type OverrideForm,
  type OverridePatchRow,
  type OverrideView,
} from './overrideRows';
import { FieldError } from '../../components/FieldError';

/** The saved rows as a PATCH sends them back: blank passwords keep the saved ones. */
const asPatch = (rows: readonly OverrideView[]): OverridePatchRow[] =>
  rows.map(({ adminPasswordSet: _a, userPasswordSet: _u, adminPassword: _ap, userPassword: _up, ...r }) => r);

/** 'new', or the saved row being edited (found again by its matcher when the list changes). */
type Editing = { kind: 'new' } | { kind: 'row'; original: OverrideView };

export default function PhoneOverrides({ settings }: { settings: SettingsView }) {
  const rows = settings.phones.overrides;
  const phones = usePhones((s) => s.list);
  const [editing, setEditing] = useState<Editing>();
  const [f, setF] = useState<OverrideForm>(formOf());
  const [error, setError] = useState<UserError>();
  const [shown, setShown] = useState<{ adminPassword: string; userPassword: string }>();
  const formRef = useRef<HTMLFormElement>(null);
  // A refusal: the first field it names gets the focus (and scrolls into view), its message below it.
  useEffect(() => {
    if (error) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);

  const original = editing?.kind === 'row' ? editing.original : undefined;
  const index = original ? rows.findIndex((r) => sameMatcher(r, original)) : -1;
  // The saved row as it is now (its password flags change when passwords are generated).
  const saved = index >= 0 ? rows[index] : original;
  const dirty = editing !== undefined && formsDiffer(f, formOf(original));

  const close = () => {
    setEditing(undefined);
    setF(formOf());
    setError(undefined);
    setShown(undefined);
  };

  const patch = (overrides: OverridePatchRow[]) => attempt(() => api().updateSettings({ body: { phones: { overrides } } }));

  const save = async (): Promise<boolean> => {
    const at = editing?.kind === 'row' && index >= 0 ? index : rows.length;
    const local = localProblem(rows, at, f);
    if (local) {
      setError(local);
      return false;
    }
    const list = asPatch(rows);
    list.splice(at, at < rows.length ? 1 : 0, rowOf(f));
    const r = await patch(list);
    if (!r.ok) {
      setError(errorForRow(r.error, at));
      return false;
    }
    useData.getState().setSettings(r.value);
    toast.success(`Override for ${describeMatch(matcherOf(f))} saved; its phones get it at their next fetch`);
    close();
    return true;
  };
  useUnsavedGuard(dirty, 'the phone settings override being edited', save);

  /** Before leaving the row being edited for another: Save / Discard / Stay. */
  const leaveEditor = async (): Promise<boolean> => {
    if (!dirty) return true;
    const answer = await askUnsaved('the phone settings override being edited');
    if (answer === 'stay') return false;
    if (answer === 'save') return save();
    return true;
  };
  const open = async (next: Editing) => {
    if (!(await leaveEditor())) return;
    close();
    setEditing(next);
    setF(formOf(next.kind === 'row' ? next.original : undefined));
  };

  const remove = async (row: OverrideView) => {
    const what = describeMatch(row);
    const ok = await confirmAction({
      title: `Remove the override for ${what}?`,
      message: `Its phones get the site settings (or another matching row) at their next fetch.${
        row.adminPasswordSet || row.userPasswordSet ? ' Its own phone passwords are deleted with it and cannot be shown again.' : ''
      }`,
      confirmLabel: 'Remove override',
    });
    if (!ok) return;
    const r = await patch(asPatch(rows.filter((x) => !sameMatcher(x, row))));
    if (!r.ok) return toast.error(r.error);
    useData.getState().setSettings(r.value);
    if (original && sameMatcher(original, row)) close();
    toast.success(`Override for ${what} removed`);
  };

  const generate = async () => {
    if (!saved) return;
    const r = await attempt(() => api().generatePhonePasswords({ body: { site: saved.site, which: 'both' } }));
    if (!r.ok) return setError(r.error);
    useData.getState().setSettings(r.value);
    setShown(undefined);
    toast.success(`New admin and user passwords made for the phones of site ${saved.site}`);
  };
  const reveal = async () => {
    if (!saved) return;
    const r = await attempt(() => api().revealPhonePasswords({ body: { site: saved.site } }));
    if (!r.ok) return setError(r.error);
    setShown(r.value);
  };

  const { fields, rest } = fieldErrorsOf(error, OVERRIDE_LABELS);
  const set = (key: keyof OverrideForm) => (e: { target: { value: string } }) => setF({ ...f, [key]: e.target.value });
  const problem = (key: string) => <FieldError id={`override-${key}-problem`} message={fields[key]} />;
  const text = (key: keyof OverrideForm, label: string, placeholder: string, hint?: string, list?: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        value={String(f[key])}
        onChange={set(key)}
        placeholder={placeholder}
        list={list}
        autoComplete="off"
        aria-invalid={fields[key] ? true : undefined}
        aria-describedby={fields[key] ? `override-${key}-problem` : undefined}
        data-testid={`override-${key}`}
      />
      {hint && <small>{hint}</small>}
      {problem(key)}
    </label>
  );
  const choice = (key: 'dateFormat' | 'timeFormat' | 'language', label: string, options: readonly (readonly [string, string])[]) => (
    <label className="field">
      <span>{label}</span>
      <select
        value={f[key]}
        onChange={set(key)}
        aria-invalid={fields[key] ? true : undefined}
        aria-describedby={fields[key] ? `override-${key}-problem` : undefined}
        data-testid={`override-${key}`}
      >
        <option value={INHERIT}>Inherit from the site</option>
        <option value="">Phone default</option>
        {options.map(([v, name]) => (
          <option key={v} value={v}>
            {name}
          </option>
        ))}
      </select>
      {problem(key)}
    </label>
  );
  const password = (key: 'adminPassword' | 'userPassword', clear: 'clearAdmin' | 'clearUser', label: string, isSet: boolean) => (
    <label className="field">
      <span>{label}</span>
      <input
        type="password"
        autoComplete="new-password"
        value={f[key]}
        onChange={set(key)}
        disabled={f[clear]}
        placeholder={isSet ? '•••••••• (set)' : 'not set'}
        aria-invalid={fields[key] ? true : undefined}
        aria-describedby={fields[key] ? `override-${key}-problem` : undefined}
        data-testid={`override-${key}`}
      />
      <small data-testid={`override-${key}-state`}>
        {isSet ? 'Set (not shown). Leave blank to keep it.' : 'Not set: the site’s password applies.'} 8 to 32 letters and digits.
      </small>
      {isSet && (
        <span className="inline" style={{ fontWeight: 400 }}>
          <input type="checkbox" checked={f[clear]} onChange={(e) => setF({ ...f, [clear]: e.target.checked, [key]: '' })} /> Remove it (the
          site’s applies)
        </span>
      )}
      {problem(key)}
    </label>
  );

  const matcherChanged = saved !== undefined && !sameMatcher(saved, matcherOf(f));
  const sites = distinct(phones, (p) => p.site);
  const vendors = [...new Set([...MODELS.map((m) => m.vendor), ...distinct(phones, (p) => p.vendor)])];
  const vendor = f.vendor.trim().toLowerCase();
  const models = [
    ...new Set([
      ...MODELS.filter((m) => !vendor || m.vendor.toLowerCase() === vendor).map((m) => m.model),
      ...distinct(phones, (p) => p.model),
    ]),
  ];

  return (
    <section className="card stack" aria-labelledby="overrides-h" data-testid="phone-overrides">
      <h2 id="overrides-h">Overrides by site, vendor, model or phone</h2>
      <p className="muted" data-testid="overrides-order">
        {ORDER_LINE}
      </p>
      {rows.length === 0 ? (
        <p data-testid="overrides-none">No overrides: every phone gets the site settings above.</p>
      ) : (
        <table className="plain" data-testid="overrides-list">
          <thead>
            <tr>
              <th scope="col">Matches</th>
              <th scope="col">Applies as</th>
              <th scope="col">Replaces</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const replaced = replacedFields(r);
              const what = describeMatch(r);
              return (
                <tr key={`${r.site}|${r.vendor}|${r.model}|${r.mac}`} data-testid="override-row" data-match={what}>
                  <td>
                    {matchParts(r).map((p) => (
                      <div key={p.label}>
                        {p.label}: <span className={p.value === 'any' ? 'muted' : 'mono'}>{p.value}</span>
                      </div>
                    ))}
                  </td>
                  <td>{levelOf(r)}</td>
                  <td>
                    {replaced.length ? (
                      replaced.map((x) => <div key={x}>{x}</div>)
                    ) : (
                      <span className="muted">nothing yet (inherits everything)</span>
                    )}
                    {!r.adminPasswordSet && !r.userPasswordSet && <div className="muted">Passwords: not set (the site’s apply)</div>}
                  </td>
                  <td>
                    <span className="inline">
                      <button
                        type="button"
                        onClick={() => void open({ kind: 'row', original: r })}
                        aria-label={`Edit override for ${what}`}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="btn-danger"
                        onClick={() => void remove(r)}
                        aria-label={`Remove override for ${what}`}
                      >
                        Remove
                      </button>
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {!editing && (
        <div>
          <button type="button" onClick={() => void open({ kind: 'new' })} data-testid="override-add">
            Add an override
          </button>
        </div>
      )}
      {editing && (
        <form
          ref={formRef}
          className="form"
          aria-label={original ? `Edit override for ${describeMatch(original)}` : 'New override'}
          data-testid="override-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h3 style={{ margin: 0 }}>{original ? `Edit override for ${describeMatch(original)}` : 'New override'}</h3>
          <fieldset>
            <legend>Which phones (empty: any)</legend>
            <div className="grid2">
              {text('site', 'Site', 'any site', 'The site written on the phone (Phones screen).', 'override-sites')}
              {text('vendor', 'Vendor', 'any vendor', undefined, 'override-vendors')}
              {text('model', 'Model', 'any model', 'The end of the model name: T46U.', 'override-models')}
              {text('mac', 'MAC (one phone)', 'any phone', 'A MAC row matches that phone alone, whatever else is set.')}
            </div>
            <datalist id="override-sites">
              {sites.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
            <datalist id="override-vendors">
              {vendors.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
            <datalist id="override-models">
              {models.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </fieldset>
          <fieldset>
            <legend>What it replaces</legend>
            <p className="muted" style={{ margin: 0 }}>
              Leave a field empty (or “Inherit from the site”) to inherit it from the site settings above.
            </p>
            <div className="grid2">
              {text('dialPlan', 'Dial plan (digit map)', 'inherited', 'Rules split by |, as for the site.')}
              {text('emergencyNumbers', 'Emergency numbers (dial at once)', 'inherited', 'Separated by spaces.')}
              {text('timeZone', 'Time zone', 'inherited', 'An IANA name, such as America/New_York.')}
              {text('ntpServer', 'NTP server', 'inherited', 'A host name or address.')}
              {choice(
                'dateFormat',
                'Date format',
                DATE_FORMATS.map((d) => [d, d] as const),
              )}
              {choice(
                'timeFormat',
                'Time format',
                TIME_FORMATS.map((t) => [t, t] as const),
              )}
              {choice(
                'language',
                'Language',
                PHONE_LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l]] as const),
              )}
            </div>
          </fieldset>
          <fieldset>
            <legend>Phone web passwords for these phones</legend>
            <div className="grid2">
              {password('adminPassword', 'clearAdmin', 'Admin password', Boolean(saved?.adminPasswordSet) && !matcherChanged)}
              {password('userPassword', 'clearUser', 'User password', Boolean(saved?.userPasswordSet) && !matcherChanged)}
            </div>
            {saved && isSiteRow(saved) && !matcherChanged ? (
              <div className="inline">
                <button type="button" onClick={() => void generate()} data-testid="override-generate">
                  Generate new passwords for site {saved.site}
                </button>
                {(saved.adminPasswordSet || saved.userPasswordSet) && (
                  <button type="button" onClick={() => void reveal()} data-testid="override-reveal">
                    Show passwords
                  </button>
                )}
              </div>
            ) : (
              <small className="muted">
                Generated passwords (and showing them) are for rows that match a site alone, once saved; other rows take typed passwords.
              </small>
            )}
            {shown && (
              <p className="note" role="status" data-testid="override-shown">
                Admin: <code>{shown.adminPassword || '(none)'}</code> · User: <code>{shown.userPassword || '(none)'}</code>
              </p>
            )}
            {matcherChanged && (saved?.adminPasswordSet || saved?.userPasswordSet) && (
              <p className="note" role="status" data-testid="override-matcher-warning">
                This row’s passwords belong to the phones it matched before ({describeMatch(saved)}): saved with the new match, the row has
                none until you type or generate them.
              </p>
            )}
          </fieldset>
          {error && <ErrorNote error={formNote(error, fields, rest)} testId="override-error" />}
          <div className="row-end">
            <button type="button" onClick={close} data-testid="override-cancel">
              Cancel
            </button>
            <button type="submit" className="btn-primary" data-testid="override-save">
              {original ? 'Save override' : 'Add override'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
