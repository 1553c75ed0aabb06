/**
 * PBX and server settings: the AMI connection with a test that says what failed, where phones
 * register, the LAN interface, plug-and-play, redirect rules, and the values to paste into the
 * site's DHCP server (option 66) or a phone's web page when plug-and-play is not possible.
 */
import { useEffect, useRef, useState } from 'react';
import { TransportSelect } from '../components/Selects';
import type { RedirectRule, RedirectRuleInput } from '../../shared/domain/redirect';
import type { SettingsView } from '../../shared/domain/settings';
import type { LanInterface } from '../../shared/discovery/interfaces';
import type { PnpStatusView } from '../../shared/discovery/sweepStatus';
import type { PbxTestResult } from '../../shared/pbx/views';
import { api } from '../api/api';
import type { UserError } from '../api/errors';
import { confirmAction } from '../components/Confirm';
import { ErrorNote } from '../components/Feedback';
import { attempt, run } from '../lib/actions';
import { copyText } from '../lib/copy';
import { fieldErrorsOf, formNote } from '../lib/fieldErrors';
import { useData } from '../stores/data';
import { usePbxLink } from '../stores/pbxLink';
import { loadRules, loadSettings } from '../stores/sync';
import { toast } from '../stores/toasts';
import { useUi } from '../stores/ui';
import SitePhoneSettings from './settings/SitePhoneSettings';
import PhoneOverrides from './settings/PhoneOverrides';
import { usePhones } from '../stores/phones';
import { useUnsavedGuard } from '../stores/unsaved';
import { isLoopbackHost, sipHostProblem } from '../../shared/pbx/sipHostCheck';

const STAGE_WORDS: Record<string, string> = {
  connect: 'Reaching the AMI port',
  greeting: 'Talking to Asterisk',
  login: 'Logging in',
  pjsip: 'Checking rights and PJSIP',
  done: 'All checks',
};

function pbxForm(settings: SettingsView) {
  const { amiSecretSet: _set, ...pbx } = settings.pbx;
  return {
    ...pbx,
    amiPort: String(pbx.amiPort),
    sipPort: String(pbx.sipPort),
    registerDeadlineSeconds: String(pbx.registerDeadlineSeconds),
    // The saved secret never reaches the page (the API sends ''); typing a new one replaces it.
    amiSecret: '',
  };
}

const PBX_LABELS: Record<string, string> = {
  amiHost: 'AMI host',
  amiPort: 'AMI port',
  amiUser: 'AMI user',
  amiSecret: 'AMI secret',
  sipHost: 'SIP server',
  sipPort: 'SIP port',
  sipTransport: 'Transport',
  registerDeadlineSeconds: 'Flag a phone not registered after (seconds)',
};

function PbxSection({ settings }: { settings: SettingsView }) {
  const hasSecret = settings.pbx.amiSecretSet;
  const [f, setF] = useState(() => pbxForm(settings));
  const [error, setError] = useState<UserError>();
  const savedForm = pbxForm(settings);
  const differs = (a: typeof f, b: typeof f) =>
    (Object.keys(b) as (keyof typeof b)[]).some((k) => String(a[k]).trim() !== String(b[k]).trim());
  const dirty = differs(f, savedForm);
  // Saved elsewhere (another window, the API) while nothing was typed here: show the new values.
  const lastSaved = useRef(savedForm);
  useEffect(() => {
    if (!differs(f, lastSaved.current)) setF((now) => ({ ...savedForm, amiSecret: now.amiSecret }));
    lastSaved.current = savedForm;
  }, [JSON.stringify(savedForm)]);
  const phones = usePhones((s) => s.list);
  // Phones are on the LAN once a LAN interface is picked or one was seen from a LAN address.
  const phonesOnLan =
    settings.lanInterface !== '' || phones.some((p) => (p.flow.lastIp ?? '') !== '' && !isLoopbackHost(p.flow.lastIp ?? ''));
  const { fields: apiFields, rest } = fieldErrorsOf(error, PBX_LABELS);
  const sipProblem = apiFields['sipHost']
    ? { level: 'error' as const, message: apiFields['sipHost'] }
    : sipHostProblem(f.sipHost, phonesOnLan);
  const apiProblem = (key: string) => (apiFields[key] ? { level: 'error' as const, message: apiFields[key] } : undefined);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<PbxTestResult>();
  // Live from the event stream (stores/sync.ts): no polling here.
  const link = usePbxLink((s) => s.link);
  const synced = usePbxLink((s) => s.synced);

  const ami = {
    amiHost: f.amiHost.trim(),
    amiPort: Number(f.amiPort),
    amiUser: f.amiUser.trim(),
    ...(f.amiSecret !== '' ? { amiSecret: f.amiSecret } : {}),
  };
  const save = async (): Promise<boolean> => {
    if (sipProblem?.level === 'error') {
      setError({ message: 'Not saved: the SIP server needs fixing', hint: sipProblem.message });
      return false;
    }
    const r = await attempt(() =>
      api().updateSettings({
        body: {
          pbx: {
            ...ami,
            sipHost: f.sipHost.trim(),
            sipPort: Number(f.sipPort),
            sipTransport: f.sipTransport,
            registerDeadlineSeconds: Number(f.registerDeadlineSeconds),
          },
        },
      }),
    );
    if (!r.ok) {
      setError(r.error);
      return false;
    }
    setError(undefined);
    setF((now) => ({ ...now, amiSecret: '' }));
    useData.getState().setSettings(r.value);
    toast.success('PBX settings saved');
    return true;
  };
  useUnsavedGuard(dirty, 'the PBX settings', save);
  const test = async () => {
    setTesting(true);
    setResult(undefined);
    const r = await attempt(() => api().pbxTest({ body: ami }));
    setTesting(false);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setResult(r.value);
  };
  const input = (
    key: keyof typeof f,
    label: string,
    type = 'text',
    hint?: string,
    placeholder?: string,
    problem?: { level: 'error' | 'warning'; message: string },
  ) => (
    <label className="field">
      <span>{label}</span>
      <input
        type={type}
        value={String(f[key])}
        placeholder={placeholder}
        autoComplete="off"
        aria-invalid={problem?.level === 'error' || undefined}
        aria-describedby={problem ? `pbx-${key}-problem` : undefined}
        onChange={(e) => setF({ ...f, [key]: e.target.value })}
        data-testid={`pbx-${key}`}
      />
      {hint && <small data-testid={`pbx-${key}-hint`}>{hint}</small>}
      {problem && (
        <small
          id={`pbx-${key}-problem`}
          className={problem.level === 'error' ? 'field-error' : 'field-warning'}
          data-testid={`pbx-${key}-problem`}
        >
          {problem.message}
        </small>
      )}
    </label>
  );
  return (
    <form
      className="card form"
      aria-labelledby="pbx-h"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="pbx-h">PBX (Asterisk)</h2>
      {link && (
        <p role="status" data-testid="pbx-link" data-state={link.state} data-synced={String(synced)}>
          <strong>Link:</strong>{' '}
          {link.state === 'connected'
            ? `connected to Asterisk ${link.version}${synced ? '' : ' — reading the registrations…'}`
            : link.state === 'not_configured'
              ? 'not set up yet'
              : link.state === 'connecting'
                ? `trying to connect${link.lastError ? ` — ${link.lastError}` : ''}${link.hint ? ` (${link.hint})` : ''}`
                : link.state}
        </p>
      )}
      <fieldset>
        <legend>AMI connection (for registration checks and importing accounts)</legend>
        <div className="grid2">
          {input('amiHost', 'AMI host', 'text', undefined, undefined, apiProblem('amiHost'))}
          {input('amiPort', 'AMI port', 'number', undefined, undefined, apiProblem('amiPort'))}
          {input(
            'amiUser',
            'AMI user',
            'text',
            'A manager.conf user with read = system,security and write = system',
            undefined,
            apiProblem('amiUser'),
          )}
          {input(
            'amiSecret',
            'AMI secret',
            'password',
            hasSecret ? 'Set (not shown). Leave blank to keep it; type a new one to replace it.' : 'Not set yet.',
            hasSecret ? '•••••••• (set)' : 'not set',
          )}
        </div>
        <div className="inline">
          <button type="button" onClick={() => void test()} disabled={testing} data-testid="pbx-test">
            {testing ? 'Testing…' : 'Test connection'}
          </button>
        </div>
        {result && (
          <div className={result.ok ? 'note note-good' : 'note note-error'} role="status" data-testid="pbx-test-result">
            <strong>{result.ok ? '✓ Connection works' : `✕ Failed at: ${STAGE_WORDS[result.stage] ?? result.stage}`}</strong>
            <div>{result.message}</div>
            {result.hint && <div>What to do: {result.hint}</div>}
            {result.asteriskVersion && <div>Asterisk {result.asteriskVersion}</div>}
            {result.endpoints !== undefined && <div>{result.endpoints} PJSIP endpoint(s) on the PBX</div>}
            {result.ring && (
              <div data-testid="pbx-test-ring">
                {result.ring.allowed ? '✓ ' : '✕ '}Desk check: {result.ring.message}
                {result.ring.hint ? `. What to do: ${result.ring.hint}` : ''}
              </div>
            )}
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Where the phones register</legend>
        <div className="grid2">
          {input('sipHost', 'SIP server (as the phones reach it)', 'text', undefined, 'e.g. 192.168.1.10', sipProblem)}
          {input('sipPort', 'SIP port', 'number', undefined, undefined, apiProblem('sipPort'))}
          <TransportSelect value={f.sipTransport} onChange={(sipTransport) => setF({ ...f, sipTransport })} />
          {input(
            'registerDeadlineSeconds',
            'Flag a phone not registered after (seconds)',
            'number',
            undefined,
            undefined,
            apiProblem('registerDeadlineSeconds'),
          )}
        </div>
      </fieldset>
      {error && <ErrorNote error={formNote(error, apiFields, rest)} />}
      <div className="row-end">
        <button type="submit" className="btn-primary" data-testid="pbx-save">
          Save PBX settings
        </button>
      </div>
    </form>
  );
}

function LanSection({ settings }: { settings: SettingsView }) {
  const info = useData((s) => s.info);
  const [ifaces, setIfaces] = useState<LanInterface[]>();
  const [pnp, setPnp] = useState<PnpStatusView>();
  const [lan, setLan] = useState(settings.lanInterface);
  const lastLan = useRef(settings.lanInterface);
  useEffect(() => {
    if (lan === lastLan.current) setLan(settings.lanInterface);
    lastLan.current = settings.lanInterface;
  }, [settings.lanInterface]);
  useEffect(() => {
    void api()
      .discoveryInterfaces()
      .then(setIfaces, () => undefined);
    void api()
      .pnpStatus()
      .then(setPnp, () => undefined);
  }, [settings.plugAndPlay, settings.lanInterface]);
  const patch = (body: Parameters<ReturnType<typeof api>['updateSettings']>[0]['body'], what: string) =>
    run(
      () => api().updateSettings({ body }),
      () => what,
    ).then((r) => r && useData.getState().setSettings(r));
  const port = info ? new URL(info.deviceBaseUrl).port : '';
  useUnsavedGuard(lan !== settings.lanInterface, 'the LAN interface choice', async () => {
    const r = await run(
      () => api().updateSettings({ body: { lanInterface: lan } }),
      () => `LAN interface set to ${lan || '(none)'}`,
    );
    if (r) useData.getState().setSettings(r);
    return r !== undefined;
  });
  return (
    <section className="card form" aria-labelledby="lan-h">
      <h2 id="lan-h">The phones' network</h2>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void patch({ lanInterface: lan }, `LAN interface set to ${lan || '(none)'}`);
        }}
      >
        <label className="field grow">
          <span>LAN interface the phones are on</span>
          {ifaces ? (
            <select value={lan} onChange={(e) => setLan(e.target.value)} data-testid="lan-interface">
              <option value="">Not chosen</option>
              {ifaces.map((i) => (
                <option key={i.name} value={i.name}>
                  {i.name} — {i.address} ({i.cidr}, {i.kind}){i.suggested ? ' — looks like the phones’ LAN' : ''}
                </option>
              ))}
            </select>
          ) : (
            <input value={lan} onChange={(e) => setLan(e.target.value)} placeholder="e.g. eth0" data-testid="lan-interface" />
          )}
        </label>
        <button type="submit">Use this interface</button>
      </form>
      <p>
        Phones reach this computer at <strong className="mono">{info?.deviceBaseUrl ?? '…'}</strong>
        {port && <> (port {port}; it is set when the app starts, e.g. headless mode's --port)</>}.
      </p>
      <label className="inline">
        <input
          type="checkbox"
          checked={settings.plugAndPlay}
          onChange={(e) => void patch({ plugAndPlay: e.target.checked }, `Plug-and-play ${e.target.checked ? 'on' : 'off'}`)}
          data-testid="pnp-toggle"
        />{' '}
        Answer plug-and-play (SIP multicast) requests from factory-fresh phones
      </label>
      {pnp && (
        <p className={pnp.problem ? 'note note-error' : 'muted'} role="status">
          {pnp.running
            ? `Listening for plug-and-play on ${pnp.interface || 'all interfaces'} ${pnp.address}`
            : pnp.enabled
              ? pnp.interface
                ? 'Plug-and-play is on but not listening'
                : 'Plug-and-play is on but not listening: pick the LAN interface the phones are on (above), then “Use this interface”'
              : 'Plug-and-play is off'}
          {pnp.problem && `: ${pnp.problem}`}
        </p>
      )}
      <p className="muted">
        Serial check {settings.requireSerial ? 'on' : 'off'}. It and the other protections of the phones' passwords (allowed subnets, a user
        name and password for phones, lock-out, HTTPS) are on the{' '}
        <a
          href="#/security"
          onClick={(e) => {
            e.preventDefault();
            useUi.getState().setRoute('security');
          }}
        >
          Security
        </a>{' '}
        screen.
      </p>
    </section>
  );
}

function ManualSection() {
  const info = useData((s) => s.info);
  if (!info) return null;
  const row = (label: string, value: string, testId: string) => (
    <div className="inline" style={{ flexWrap: 'wrap' }}>
      <strong style={{ minWidth: '15rem' }}>{label}</strong>
      <code className="mono wrap" data-testid={testId}>
        {value}
      </code>
      <button type="button" onClick={() => void copyText(value, label)}>
        Copy
      </button>
    </div>
  );
  return (
    <section className="card stack" aria-labelledby="manual-h">
      <h2 id="manual-h">When plug-and-play is not possible</h2>
      <p>{info.manualProvisioning.note}</p>
      {row('DHCP option 66 value', info.manualProvisioning.option66, 'option66')}
      {row('Provisioning server (phone web page)', info.deviceBaseUrl, 'device-url')}
    </section>
  );
}

function ruleSummary(r: RedirectRule): string {
  const m = r.match;
  const parts = [
    m.client && `client ${m.client}`,
    m.region && `region ${m.region}`,
    m.vendor && `vendor ${m.vendor}`,
    m.model && `model ${m.model}`,
    (m.macFrom || m.macTo) && `MAC ${m.macFrom ?? '…'}–${m.macTo ?? '…'}`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'every phone';
}

const EMPTY_RULE = {
  name: '',
  client: '',
  region: '',
  vendor: '',
  model: '',
  macFrom: '',
  macTo: '',
  kind: 'local' as 'local' | 'external',
  url: '',
};

function RulesSection() {
  const rules = useData((s) => s.rules);
  const [f, setF] = useState(EMPTY_RULE);
  const [editing, setEditing] = useState<string>();
  const [error, setError] = useState<UserError>();
  const toInput = (): RedirectRuleInput => {
    const match = Object.fromEntries(
      Object.entries({ client: f.client, region: f.region, vendor: f.vendor, model: f.model, macFrom: f.macFrom, macTo: f.macTo })
        .filter(([, v]) => v.trim() !== '')
        .map(([k, v]) => [k, v.trim()]),
    );
    return {
      name: f.name.trim(),
      enabled: true,
      match,
      target: f.kind === 'local' ? { kind: 'local' } : { kind: 'external', url: f.url.trim() },
    };
  };
  const move = (i: number, d: -1 | 1) => {
    const ids = rules.map((r) => r.id);
    const j = i + d;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
    void run(() => api().orderRules({ body: { ids } })).then(() => loadRules());
  };
  const text = (key: keyof typeof f, label: string, placeholder = '') => (
    <label className="field">
      <span>{label}</span>
      <input value={String(f[key])} placeholder={placeholder} onChange={(e) => setF({ ...f, [key]: e.target.value })} />
    </label>
  );
  return (
    <section className="card stack" aria-labelledby="rules-h">
      <h2 id="rules-h">Redirect rules (which server the RPS sends a phone to)</h2>
      <p className="muted">Checked in order; the first enabled rule that matches wins. With none, phones come to this app.</p>
      {rules.length > 0 && (
        <table className="plain">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Name</th>
              <th scope="col">Matches</th>
              <th scope="col">Sends to</th>
              <th scope="col">On</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r, i) => (
              <tr key={r.id}>
                <td>
                  <button
                    type="button"
                    className="btn-icon"
                    aria-label={`Move ${r.name} up`}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </button>{' '}
                  <button
                    type="button"
                    className="btn-icon"
                    aria-label={`Move ${r.name} down`}
                    disabled={i === rules.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                </td>
                <td>{r.name}</td>
                <td>{ruleSummary(r)}</td>
                <td className="mono wrap">{r.target.kind === 'local' ? 'this app' : r.target.url}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Rule ${r.name} enabled`}
                    checked={r.enabled}
                    onChange={(e) =>
                      void run(() => api().updateRule({ params: { id: r.id }, body: { ...r, enabled: e.target.checked } })).then(() =>
                        loadRules(),
                      )
                    }
                  />
                </td>
                <td className="inline">
                  <button
                    type="button"
                    onClick={() => {
                      setEditing(r.id);
                      setF({
                        name: r.name,
                        client: r.match.client ?? '',
                        region: r.match.region ?? '',
                        vendor: r.match.vendor ?? '',
                        model: r.match.model ?? '',
                        macFrom: r.match.macFrom ?? '',
                        macTo: r.match.macTo ?? '',
                        kind: r.target.kind,
                        url: r.target.kind === 'external' ? r.target.url : '',
                      });
                    }}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn-danger"
                    onClick={async () => {
                      if (
                        await confirmAction({
                          title: `Delete rule “${r.name}”?`,
                          message: 'Phones it matched will follow the next rule. You can undo this for a while.',
                          confirmLabel: 'Delete rule',
                        })
                      )
                        await run(
                          () => api().deleteRule({ params: { id: r.id } }),
                          () => `Deleted rule “${r.name}”`,
                        );
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="form"
        aria-label={editing ? 'Edit rule' : 'New rule'}
        onSubmit={async (e) => {
          e.preventDefault();
          const body = toInput();
          const r = editing
            ? await attempt(() => api().updateRule({ params: { id: editing }, body }))
            : await attempt(() => api().createRule({ body }));
          if (!r.ok) return setError(r.error);
          setError(undefined);
          setF(EMPTY_RULE);
          setEditing(undefined);
          toast.success(`Rule “${r.value.name}” saved`);
          void loadRules();
        }}
      >
        <h3 style={{ margin: 0 }}>{editing ? 'Edit rule' : 'New rule'}</h3>
        <div className="grid3">
          {text('name', 'Name (required)')}
          {text('client', 'Client')}
          {text('region', 'Region')}
          {text('vendor', 'Vendor')}
          {text('model', 'Model', 'T4* matches T46U, T48U…')}
          <span />
          {text('macFrom', 'MAC from')}
          {text('macTo', 'MAC to')}
        </div>
        <fieldset className="radios">
          <legend>Send matching phones to</legend>
          <label>
            <input type="radio" name="target" checked={f.kind === 'local'} onChange={() => setF({ ...f, kind: 'local' })} /> This app's
            provisioning server
          </label>
          <label>
            <input type="radio" name="target" checked={f.kind === 'external'} onChange={() => setF({ ...f, kind: 'external' })} /> Another
            server:
            <input
              value={f.url}
              placeholder="https://prov.example.com/"
              disabled={f.kind !== 'external'}
              onChange={(e) => setF({ ...f, url: e.target.value })}
              aria-label="Other server URL"
            />
          </label>
        </fieldset>
        {error && <ErrorNote error={error} />}
        <div className="row-end">
          {editing && (
            <button
              type="button"
              onClick={() => {
                setEditing(undefined);
                setF(EMPTY_RULE);
              }}
            >
              Cancel
            </button>
          )}
          <button type="submit">{editing ? 'Save rule' : 'Add rule'}</button>
        </div>
      </form>
    </section>
  );
}

export default function SettingsScreen() {
  const settings = useData((s) => s.settings);
  if (!settings) {
    return (
      <section className="screen">
        <h1>Settings</h1>
        <ErrorNote
          error={{
            message: 'The settings have not loaded yet',
            hint: 'Wait a moment; if this stays, check the connection badge at the bottom left.',
          }}
          onRetry={() => void loadSettings()}
        />
      </section>
    );
  }
  return (
    <section className="screen" aria-labelledby="set-h">
      <header className="screen-head">
        <h1 id="set-h">PBX and server settings</h1>
      </header>
      <PbxSection key={JSON.stringify(settings.pbx)} settings={settings} />
      <SitePhoneSettings key={JSON.stringify({ ...settings.phones, overrides: undefined })} settings={settings} />
      <PhoneOverrides settings={settings} />
      <LanSection settings={settings} />
      <ManualSection />
      <RulesSection />
    </section>
  );
}
