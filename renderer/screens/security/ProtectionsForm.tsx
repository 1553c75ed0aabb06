/**
 * The device listener's protections as one form: each a control with its explanation and default,
 * saved together; refusals from the API are shown in words, by the field they are about.
 */
import { useUnsavedGuard } from '../../stores/unsaved';
import { useState, type ReactNode } from 'react';
import type { SettingsView } from '../../../shared/domain/settings';
import { api } from '../../api/api';
import { ErrorNote } from '../../components/Feedback';
import type { UserError } from '../../api/errors';
import { attempt } from '../../lib/actions';
import { useData } from '../../stores/data';
import { toast } from '../../stores/toasts';
import { DigestCredentialsTable } from './DigestCredentialsTable';
import { draftOf, explainRefusal, NO_SITE, patchOf, sameDraft, type Draft, type FieldErrors, type NumberField } from './protectionsDraft';
import { helpOf, SettingHelp, type HelpKey } from './SettingHelp';

export function ProtectionsForm({ settings }: { settings: SettingsView }) {
  const [saved, setSaved] = useState(() => draftOf(settings));
  const [d, setD] = useState(saved);
  const [error, setError] = useState<UserError>();
  const [fields, setFields] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const dirty = !sameDraft(d, saved);
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });

  const save = async (): Promise<boolean> => {
    const out = patchOf(d);
    if (!out.ok) {
      setFields(out.errors);
      setError({ message: 'Not saved: some values need fixing', hint: 'Correct the fields marked in red, then save again.' });
      return false;
    }
    setSaving(true);
    const r = await attempt(() => api().updateSettings({ body: out.patch }));
    setSaving(false);
    if (!r.ok) {
      const explained = explainRefusal(r.error, d);
      setError(explained.error);
      setFields(explained.fields);
      return false;
    }
    setError(undefined);
    setFields({});
    const next = draftOf(r.value);
    setSaved(next);
    setD(next);
    useData.getState().setSettings(r.value);
    toast.success('Security settings saved');
    return true;
  };
  useUnsavedGuard(dirty, 'the security settings', save);

  const toggle = (name: HelpKey & keyof Draft, disabled = false) => (
    <div className="setting">
      <label className="inline">
        <input
          type="checkbox"
          checked={d[name] as boolean}
          disabled={disabled}
          aria-describedby={`help-${name}`}
          data-testid={`sec-${name}`}
          onChange={(e) => set({ [name]: e.target.checked })}
        />
        <strong>{helpOf(name).label}</strong>
      </label>
      <SettingHelp id={`help-${name}`} name={name} />
    </div>
  );
  const number = (name: NumberField, disabled = false) => (
    <label className="field setting">
      <span>{helpOf(name).label}</span>
      <input
        inputMode="numeric"
        value={d[name]}
        disabled={disabled}
        aria-invalid={fields[name] ? true : undefined}
        aria-describedby={fields[name] ? `err-${name} help-${name}` : `help-${name}`}
        data-testid={`sec-${name}`}
        onChange={(e) => set({ [name]: e.target.value })}
      />
      {fields[name] && (
        <strong className="field-error" id={`err-${name}`}>
          {fields[name]}
        </strong>
      )}
      <SettingHelp id={`help-${name}`} name={name} />
    </label>
  );
  const group = (legend: string, children: ReactNode) => (
    <fieldset>
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );

  return (
    <form
      className="card form"
      aria-labelledby="prot-h"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="prot-h">Who may fetch a phone’s passwords</h2>
      <p className="muted">
        These protect the RPS and the provisioning files phones fetch from this computer. Each provisioning URL already carries a secret
        token per phone; these add to it. Saved settings apply at once, to the next request.
      </p>
      {group(
        'Serial number check',
        <>
          {toggle('requireSerial')}
          {number('serialDigits', !d.requireSerial)}
          <label className="field setting">
            <span>{helpOf('trustFirstSerialSites').label} (one site per line)</span>
            <textarea
              rows={2}
              value={d.trustSites}
              disabled={!d.requireSerial}
              placeholder={`none: every phone added without a serial waits for approval (${NO_SITE} for phones with no site)`}
              aria-invalid={fields['trustSites'] ? true : undefined}
              aria-describedby={fields['trustSites'] ? 'err-trustSites help-trustFirstSerialSites' : 'help-trustFirstSerialSites'}
              data-testid="sec-trustFirstSerialSites"
              onChange={(e) => set({ trustSites: e.target.value })}
            />
            {fields['trustSites'] && (
              <strong className="field-error" id="err-trustSites">
                {fields['trustSites']}
              </strong>
            )}
            <SettingHelp id="help-trustFirstSerialSites" name="trustFirstSerialSites" />
          </label>
        </>,
      )}
      {group(
        'Which networks',
        <label className="field setting">
          <span>{helpOf('allowedSubnets').label} (one per line)</span>
          <textarea
            rows={3}
            value={d.subnets}
            placeholder="e.g. 192.168.10.0/24"
            aria-invalid={fields['subnets'] ? true : undefined}
            aria-describedby={fields['subnets'] ? 'err-subnets help-allowedSubnets' : 'help-allowedSubnets'}
            data-testid="sec-allowedSubnets"
            onChange={(e) => set({ subnets: e.target.value })}
          />
          {fields['subnets'] && (
            <strong className="field-error" id="err-subnets">
              {fields['subnets']}
            </strong>
          )}
          <SettingHelp id="help-allowedSubnets" name="allowedSubnets" />
        </label>,
      )}
      {group(
        'User name and password for phones (HTTP digest)',
        <>
          {toggle('digestAuth')}
          <p className="muted setting-help">
            <strong>{helpOf('digestCredentials').label}:</strong> {helpOf('digestCredentials').help}
          </p>
          <DigestCredentialsTable rows={d.credentials} errors={fields} onChange={(credentials) => set({ credentials })} />
          {d.digestAuth && d.credentials.length === 0 && (
            <p className="note note-error" role="note">
              With no credentials, every phone is refused its files while this is on. Add a row (an empty site covers every phone).
            </p>
          )}
        </>,
      )}
      {group('After a phone registers', toggle('lockAfterRegistration'))}
      {group(
        'HTTPS',
        <>
          {toggle('https')}
          {toggle('preferHttps', !d.https)}
        </>,
      )}
      {group(
        'Addresses that guess',
        <>
          {toggle('lockout')}
          <div className="grid3">
            {number('lockoutMaxFailures', !d.lockout)}
            {number('lockoutWindowSeconds', !d.lockout)}
            {number('lockoutSeconds', !d.lockout)}
          </div>
        </>,
      )}
      {error && <ErrorNote error={error} testId="security-error" />}
      <div className="row-end">
        {dirty && (
          <span className="muted" role="status" data-testid="security-dirty">
            Unsaved changes
          </span>
        )}
        <button
          type="button"
          disabled={!dirty}
          onClick={() => {
            setD(saved);
            setError(undefined);
            setFields({});
          }}
        >
          Undo changes
        </button>
        <button type="submit" className="btn-primary" disabled={saving} data-testid="security-save">
          {saving ? 'Saving…' : 'Save security settings'}
        </button>
      </div>
    </form>
  );
}
