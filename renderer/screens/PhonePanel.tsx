/** One phone: its progress step by step, its fields, its lines (accounts) and removal. */
import { useEffect, useState } from 'react';
import type { PhoneView } from '../../shared/api/views';
import { USER_TYPES, type UserType } from '../../shared/domain/phone';
import { STEP_INFO, STEPS } from '../../shared/flow/steps';
import { formatMac, type Mac } from '../../shared/mac';
import { api } from '../api/api';
import type { UserError } from '../api/errors';
import { confirmAction } from '../components/Confirm';
import { ErrorNote } from '../components/Feedback';
import { StatusChip } from '../components/StatusChip';
import { attempt, run } from '../lib/actions';
import { useData } from '../stores/data';
import { usePhones } from '../stores/phones';
import { toast } from '../stores/toasts';
import { useUi } from '../stores/ui';
import { useUnsavedGuard } from '../stores/unsaved';
import { useStageOf } from '../lib/useShownStage';
import { copyText } from '../lib/copy';
import { fieldErrorsOf, formNote } from '../lib/fieldErrors';
import { PhoneLockNotice } from './security/PhoneLockNotice';
import { PhoneDeskCheck } from './walk/PhoneDeskCheck';
import PhoneSettingsSent from './settings/PhoneSettingsSent';
import { ReprovisionPanel } from '../components/Reprovision';
import { offerReprovisionAfterSave } from '../stores/reprovisions';
import { ApprovalNotice } from './security/ApprovalNotice';
import { FirmwareHistory } from './firmware/FirmwareHistory';
import { FieldError } from '../components/FieldError';

export function StepList({ phone }: { phone: PhoneView }) {
  return (
    <ol className="steplist">
      {STEPS.map((s) => {
        const mark = phone.flow.steps[s];
        const state = !mark ? 'todo' : mark.outcome === 'ok' ? 'done' : mark.outcome === 'failed' ? 'failed' : 'todo';
        return (
          <li key={s} className={`step-${state}`}>
            <span className="step-icon" aria-hidden="true">
              {state === 'done' ? '✓' : state === 'failed' ? '✕' : s}
            </span>
            <span>
              <span className="step-title">{STEP_INFO[s].title}</span>
              <span className="sr-only">: {state === 'done' ? 'done' : state === 'failed' ? 'failed' : 'not yet'}</span>
              {mark && <span className="muted"> · {new Date(mark.at).toLocaleTimeString()}</span>}
              {mark?.reason && <span className="step-reason">{mark.reason}</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

function userTypeLabel(t: UserType): string {
  return t === 'hotdesk' ? 'Hot-desk (people log in at the phone)' : 'Standard (fixed account)';
}

export function UserTypeRadios({ value, onChange, name }: { value: UserType; onChange(v: UserType): void; name: string }) {
  return (
    <fieldset className="radios">
      <legend>User type</legend>
      {USER_TYPES.map((t) => (
        <label key={t}>
          <input type="radio" name={name} value={t} checked={value === t} onChange={() => onChange(t)} /> {userTypeLabel(t)}
        </label>
      ))}
    </fieldset>
  );
}

export function PhonePanel({ mac, onClose }: { mac: string; onClose(): void }) {
  const phone = usePhones((s) => s.byMac.get(mac));
  const accounts = useData((s) => s.accounts);
  const setRoute = useUi((s) => s.setRoute);
  const [form, setForm] = useState(() => draftOf(phone));
  /** What the form started from: edits are the difference to it, not to a phone changed elsewhere since. */
  const [base, setBase] = useState(() => draftOf(phone));
  const [error, setError] = useState<UserError>();
  const [saving, setSaving] = useState(false);

  const dirty = phone !== undefined && JSON.stringify(form) !== JSON.stringify(base);
  const reset = (p: PhoneView | undefined) => {
    setForm(draftOf(p));
    setBase(draftOf(p));
  };
  // A different phone, or the same one changed elsewhere (an approval, another window) while
  // nothing was typed here: start from what the server has.
  useEffect(() => {
    reset(phone);
    setError(undefined);
  }, [mac]);
  useEffect(() => {
    if (!dirty) reset(phone);
  }, [phone?.revision]);
  const stageOf = useStageOf();
  useUnsavedGuard(dirty, `phone ${formatMac(mac as Mac)}`, () => save(), 'panel');

  if (!phone) {
    return (
      <aside className="panel" aria-label="Phone">
        <p>This phone is no longer in the list.</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </aside>
    );
  }
  const title = formatMac(phone.mac as Mac);
  const lines = form.lines;
  async function save(): Promise<boolean> {
    if (!phone) return false;
    const title = formatMac(phone.mac as Mac);
    setSaving(true);
    const r = await attempt(() =>
      api().updatePhone({
        params: { mac },
        body: {
          vendor: form.vendor,
          model: form.model,
          serial: form.serial,
          site: form.site,
          userType: form.userType,
          lines: lines.filter((l) => l.accountId !== '').map((l) => ({ line: l.line, accountId: l.accountId })),
        },
      }),
    );
    setSaving(false);
    if (r.ok) {
      usePhones.getState().upsert([r.value]);
      reset(r.value);
      setError(undefined);
      toast.success(`Saved ${title}`);
      offerReprovisionAfterSave(r.value);
      return true;
    }
    setError(r.error);
    return false;
  }

  return (
    <aside className="panel" aria-labelledby="panel-h" data-testid="phone-panel">
      <header className="panel-head">
        <h2 id="panel-h" className="mono">
          {title}
        </h2>
        <button type="button" className="btn-icon" aria-label="Close phone details" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="panel-body">
        <p>
          <StatusChip stage={stageOf(phone.flow)} /> {phone.vendor} {phone.model}{' '}
          {phone.flow.lastIp && <span className="mono">· {phone.flow.lastIp}</span>}
        </p>
        {phone.flow.failure && (
          <div className="note note-error" role="alert">
            <strong>Step {phone.flow.failure.step} failed:</strong> {phone.flow.failure.reason}
          </div>
        )}
        <ApprovalNotice phone={phone} />
        <PhoneLockNotice phone={phone} />
        <StepList phone={phone} />
        <PhoneDeskCheck phone={phone} />
        <ReprovisionPanel phone={phone} />
        <FirmwareHistory mac={phone.mac} firmware={phone.firmware} />
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="grid2">
            <label className="field">
              <span>Vendor</span>
              <input value={form.vendor} onChange={(e) => setForm({ ...form, vendor: e.target.value })} />
            </label>
            <label className="field">
              <span>Model</span>
              <input value={form.model} onChange={(e) => setForm({ ...form, model: e.target.value })} />
            </label>
            <label className="field">
              <span>Serial number</span>
              <input value={form.serial} onChange={(e) => setForm({ ...form, serial: e.target.value })} />
            </label>
            <label className="field">
              <span>Site</span>
              <input value={form.site} onChange={(e) => setForm({ ...form, site: e.target.value })} />
            </label>
          </div>
          <UserTypeRadios name={`ut-${mac}`} value={form.userType} onChange={(userType) => setForm({ ...form, userType })} />
          <fieldset>
            <legend>Accounts on the phone's lines</legend>
            {form.userType === 'hotdesk' && <p className="muted">A hot-desk phone may have no account: people log in at the phone.</p>}
            {lines.map((l, i) => (
              <label className="field" key={l.line}>
                <span>Line {l.line}</span>
                <select
                  value={l.accountId}
                  data-testid={`line-${l.line}-account`}
                  onChange={(e) => setForm({ ...form, lines: lines.map((x, j) => (j === i ? { ...x, accountId: e.target.value } : x)) })}
                >
                  <option value="">No account</option>
                  {accounts.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.userName}
                      {a.displayName ? ` — ${a.displayName}` : ''} @ {a.serverHost}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            {lines.length < 16 && (
              <button type="button" onClick={() => setForm({ ...form, lines: [...lines, { line: lines.length + 1, accountId: '' }] })}>
                Add a line
              </button>
            )}
            {accounts.length === 0 && <p className="muted">No accounts yet: add them on the Accounts screen.</p>}
          </fieldset>
          {error && <ErrorNote error={error} />}
          <div className="row-end">
            <button type="button" onClick={() => setRoute('buttons')}>
              Edit buttons…
            </button>
            <button type="submit" className="btn-primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save phone'}
            </button>
          </div>
        </form>
        <PhoneSettingsSent phone={phone} />
        <details>
          <summary>Provisioning URL (for this phone only)</summary>
          <p className="mono wrap" data-testid="provisioning-url">
            {phone.provisioningUrl}
          </p>
          <button type="button" onClick={() => void copyText(phone.provisioningUrl, 'Provisioning URL')}>
            Copy
          </button>
        </details>
        <div className="row-end danger-zone">
          <button
            type="button"
            className="btn-danger"
            onClick={async () => {
              const ok = await confirmAction({
                title: `Remove ${title}?`,
                message: 'The phone will no longer be provisioned. You can undo this for a while.',
                confirmLabel: 'Remove phone',
              });
              if (!ok) return;
              const r = await run(
                () => api().deletePhone({ params: { mac } }),
                () => `Removed ${title}`,
              );
              if (r) onClose();
            }}
          >
            Remove phone…
          </button>
        </div>
      </div>
    </aside>
  );
}

function draftOf(phone: PhoneView | undefined) {
  const lines = [...(phone?.lines ?? [])].sort((a, b) => a.line - b.line).map((l) => ({ line: l.line, accountId: l.accountId }));
  const max = lines.reduce((m, l) => Math.max(m, l.line), 0);
  const all = Array.from({ length: Math.max(1, max) }, (_, i) => lines.find((l) => l.line === i + 1) ?? { line: i + 1, accountId: '' });
  return {
    vendor: phone?.vendor ?? '',
    model: phone?.model ?? '',
    serial: phone?.serial ?? '',
    site: phone?.site ?? '',
    userType: phone?.userType ?? ('standard' as UserType),
    lines: all,
  };
}

const ADD_LABELS = { mac: 'MAC address', serial: 'Serial number', site: 'Site', vendor: 'Vendor', model: 'Model' };

export function AddPhoneForm({ onClose, initial }: { onClose(): void; initial?: { mac?: string; vendor?: string; model?: string } }) {
  const [f, setF] = useState({
    mac: initial?.mac ?? '',
    vendor: initial?.vendor ?? '',
    model: initial?.model ?? '',
    serial: '',
    site: '',
    userType: 'standard' as UserType,
  });
  const [error, setError] = useState<UserError>();
  const openPhone = useUi((s) => s.openPhone);
  const { fields, rest } = fieldErrorsOf(error, ADD_LABELS);
  const fieldError = (key: keyof typeof ADD_LABELS) => <FieldError id={`add-phone-${key}-error`} message={fields[key]} />;
  return (
    <form
      className="card form"
      aria-label="Add a phone"
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await attempt(() => api().createPhone({ body: f }));
        if (!r.ok) return setError(r.error);
        usePhones.getState().upsert([r.value]);
        toast.success(`Added ${formatMac(r.value.mac as Mac)}`);
        openPhone(r.value.mac);
        onClose();
      }}
    >
      <div className="grid3">
        <label className="field">
          <span>MAC address (required)</span>
          <input
            aria-invalid={fields['mac'] ? true : undefined}
            required
            value={f.mac}
            onChange={(e) => setF({ ...f, mac: e.target.value })}
            placeholder="80:5E:C0:11:22:33"
            autoFocus
          />
          {fieldError('mac')}
        </label>
        <label className="field">
          <span>Serial number</span>
          <input
            aria-invalid={fields['serial'] ? true : undefined}
            value={f.serial}
            onChange={(e) => setF({ ...f, serial: e.target.value })}
          />
          {fieldError('serial')}
        </label>
        <label className="field">
          <span>Site</span>
          <input aria-invalid={fields['site'] ? true : undefined} value={f.site} onChange={(e) => setF({ ...f, site: e.target.value })} />
          {fieldError('site')}
        </label>
        <label className="field">
          <span>Vendor</span>
          <input
            aria-invalid={fields['vendor'] ? true : undefined}
            value={f.vendor}
            onChange={(e) => setF({ ...f, vendor: e.target.value })}
          />
          {fieldError('vendor')}
        </label>
        <label className="field">
          <span>Model</span>
          <input
            aria-invalid={fields['model'] ? true : undefined}
            value={f.model}
            onChange={(e) => setF({ ...f, model: e.target.value })}
          />
          {fieldError('model')}
        </label>
      </div>
      <UserTypeRadios name="add-ut" value={f.userType} onChange={(userType) => setF({ ...f, userType })} />
      {error && <ErrorNote error={formNote(error, fields, rest)} />}
      <div className="row-end">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn-primary">
          Add phone
        </button>
      </div>
    </form>
  );
}
