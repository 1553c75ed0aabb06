/**
 * The site's phone settings (seeds step 6): dial plan and emergency numbers, time zone, NTP server
 * (the PBX by default), date/time format, language, and the phones' web admin and user passwords:
 * typed or generated, never shown unless the technician asks. Every vendor gets them in its own
 * syntax; what a vendor cannot take is listed on the phone (docs/API.md, "Phone settings").
 */
import { useState } from 'react';
import type { SettingsView } from '../../../shared/domain/settings';
import { DATE_FORMATS, PHONE_LANGUAGES, TIME_FORMATS } from '../../../shared/domain/phoneSettings';
import { api } from '../../api/api';
import type { UserError } from '../../api/errors';
import { ErrorNote } from '../../components/Feedback';
import { attempt } from '../../lib/actions';
import { fieldErrorsOf, formNote } from '../../lib/fieldErrors';
import { loadSettings } from '../../stores/sync';
import { toast } from '../../stores/toasts';
import { useUnsavedGuard } from '../../stores/unsaved';
import { LANGUAGE_NAMES, OVERRIDE_LABELS } from './overrideRows';
import { FieldError } from '../../components/FieldError';

/** The API's issues at `phones.<field>` (or `phones.emergencyNumbers.<n>`) named by the form's field. */
const atFields = (error: UserError | undefined): UserError | undefined =>
  error && {
    ...error,
    ...(error.issues ? { issues: error.issues.map((i) => ({ ...i, path: i.path.replace(/^phones\.([A-Za-z]+)(\.\d+)?$/, '$1') })) } : {}),
  };

export default function SitePhoneSettings({ settings }: { settings: SettingsView }) {
  const p = settings.phones;
  const initial = {
    dialPlan: p.dialPlan,
    emergencyNumbers: p.emergencyNumbers.join(' '),
    timeZone: p.timeZone,
    ntpServer: p.ntpServer,
    dateFormat: p.dateFormat,
    timeFormat: p.timeFormat,
    language: p.language,
    adminPassword: '',
    userPassword: '',
  };
  const [f, setF] = useState(initial);
  const [error, setError] = useState<UserError>();
  const { fields, rest } = fieldErrorsOf(atFields(error), OVERRIDE_LABELS);
  const dirty = (Object.keys(initial) as (keyof typeof f)[]).some((k) => f[k].trim() !== initial[k].trim());
  const [shown, setShown] = useState<{ adminPassword: string; userPassword: string }>();
  const set = (key: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [key]: e.target.value });

  const save = async (): Promise<boolean> => {
    const r = await attempt(() =>
      api().updateSettings({
        body: {
          phones: {
            dialPlan: f.dialPlan.trim(),
            emergencyNumbers: f.emergencyNumbers.split(/[\s,]+/).filter((n) => n !== ''),
            timeZone: f.timeZone.trim(),
            ntpServer: f.ntpServer.trim(),
            dateFormat: f.dateFormat,
            timeFormat: f.timeFormat,
            language: f.language,
            ...(f.adminPassword ? { adminPassword: f.adminPassword } : {}),
            ...(f.userPassword ? { userPassword: f.userPassword } : {}),
          },
        },
      }),
    );
    if (!r.ok) {
      setError(r.error);
      return false;
    }
    setError(undefined);
    setF({ ...f, adminPassword: '', userPassword: '' });
    toast.success('Phone settings saved; phones get them at their next fetch');
    void loadSettings();
    return true;
  };
  useUnsavedGuard(dirty, 'the site phone settings', save);
  const generate = async () => {
    const r = await attempt(() => api().generatePhonePasswords({ body: { site: '', which: 'both' } }));
    if (!r.ok) return setError(r.error);
    setShown(undefined);
    toast.success('New admin and user passwords made for the phones');
    void loadSettings();
  };
  const reveal = async () => {
    const r = await attempt(() => api().revealPhonePasswords({ body: { site: '' } }));
    if (!r.ok) return setError(r.error);
    setShown(r.value);
  };

  const problem = (key: string) => <FieldError id={`phones-${key}-problem`} message={fields[key]} />;
  const invalid = (key: string) => (fields[key] ? { 'aria-invalid': true as const, 'aria-describedby': `phones-${key}-problem` } : {});
  const text = (key: keyof typeof f, label: string, hint?: string, placeholder?: string) => (
    <label>
      {label}
      <input value={f[key]} onChange={set(key)} placeholder={placeholder} {...invalid(key)} data-testid={`phones-${key}`} />
      {hint && <small>{hint}</small>}
      {problem(key)}
    </label>
  );
  const password = (key: 'adminPassword' | 'userPassword', label: string, isSet: boolean) => (
    <label>
      {label}
      <input
        type="password"
        autoComplete="new-password"
        value={f[key]}
        onChange={set(key)}
        placeholder={isSet ? '•••••••• (set)' : 'not set'}
        {...invalid(key)}
        data-testid={`phones-${key}`}
      />
      <small>
        {isSet ? 'Set (not shown). Leave blank to keep it.' : 'Not set: phones keep their factory password.'} 8 to 32 letters and digits
        (what every vendor takes).
      </small>
      {problem(key)}
    </label>
  );
  return (
    <form
      className="card form"
      aria-labelledby="phones-h"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="phones-h">Phone settings for this site</h2>
      <fieldset>
        <legend>Call routing</legend>
        <div className="grid2">
          {text(
            'dialPlan',
            'Dial plan (digit map)',
            'Rules split by |: x any digit, [2-4] a range, a dot repeats what is before it.',
            '[2-4]xxx | 0[1-9]x. | 9xx.',
          )}
          {text('emergencyNumbers', 'Emergency numbers (dial at once)', 'Separated by spaces.', '112 911')}
        </div>
      </fieldset>
      <fieldset>
        <legend>Time and display</legend>
        <div className="grid2">
          {text('timeZone', 'Time zone', 'An IANA name; each vendor gets its own zone and daylight-saving rule.', 'Europe/Paris')}
          {text(
            'ntpServer',
            'NTP server',
            settings.pbx.sipHost
              ? `Blank: the PBX's address (${settings.pbx.sipHost}) is used.`
              : "Blank: the PBX's address is used, once it is set under PBX (SIP server); until then no NTP server is sent.",
            settings.pbx.sipHost,
          )}
          <label>
            Date format
            <select value={f.dateFormat} onChange={set('dateFormat')} {...invalid('dateFormat')} data-testid="phones-dateFormat">
              <option value="">Phone default</option>
              {DATE_FORMATS.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
            {problem('dateFormat')}
          </label>
          <label>
            Time format
            <select value={f.timeFormat} onChange={set('timeFormat')} {...invalid('timeFormat')} data-testid="phones-timeFormat">
              <option value="">Phone default</option>
              {TIME_FORMATS.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            {problem('timeFormat')}
          </label>
          <label>
            Language
            <select value={f.language} onChange={set('language')} {...invalid('language')} data-testid="phones-language">
              <option value="">Phone default</option>
              {PHONE_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
            {problem('language')}
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>Phone web passwords</legend>
        <div className="grid2">
          {password('adminPassword', 'Admin password', p.adminPasswordSet)}
          {password('userPassword', 'User password', p.userPasswordSet)}
        </div>
        <div className="inline">
          <button type="button" onClick={() => void generate()} data-testid="phones-generate">
            Generate new passwords
          </button>
          {(p.adminPasswordSet || p.userPasswordSet) && (
            <button type="button" onClick={() => void reveal()} data-testid="phones-reveal">
              Show passwords
            </button>
          )}
        </div>
        {shown && (
          <p className="note" role="status" data-testid="phones-shown">
            Admin: <code>{shown.adminPassword || '(none)'}</code> · User: <code>{shown.userPassword || '(none)'}</code>
          </p>
        )}
      </fieldset>
      {error && <ErrorNote error={formNote(error, fields, rest)} />}
      <div className="row-end">
        <button type="submit" className="btn-primary" data-testid="phones-save">
          Save phone settings
        </button>
      </div>
    </form>
  );
}
