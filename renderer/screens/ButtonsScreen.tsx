/**
 * Buttons: a picture of the phone's keys for its model, where each key's type, value and label
 * is set and checked; key-layout templates edited the same way and applied to many phones.
 */
import { useEffect, useMemo, useState } from 'react';
import { modelOrGeneric, keyCapacity, MODELS, unverifiedNote, type PhoneModel } from '../../shared/catalog/models';
import { BUTTON_TYPE_LABELS, type Button, type ButtonType } from '../../shared/domain/button';
import type { KeyTemplate } from '../../shared/domain/template';
import { formatMac, type Mac } from '../../shared/mac';
import { api } from '../api/api';
import type { UserError } from '../api/errors';
import { askUnsaved, confirmAction } from '../components/Confirm';
import { useUnsavedGuard } from '../stores/unsaved';
import { ErrorNote } from '../components/Feedback';
import { attempt, run } from '../lib/actions';
import { countProblems, draftButtons, draftFrom, emptyKey, keyPages, keyProblems, VALUE_HINT, type Draft } from '../lib/keyLayout';
import { usePhones } from '../stores/phones';
import { onServerEvent } from '../stores/sync';
import { toast } from '../stores/toasts';
import { offerReprovisionAfterSave } from '../stores/reprovisions';
import { ReprovisionOffer } from '../components/Reprovision';
import { useUi } from '../stores/ui';
import { useData } from '../stores/data';
import { expandButtons, TEMPLATE_VARIABLES, varsOf } from '../../shared/templates/variables';

type Target = { kind: 'phone'; mac: string } | { kind: 'template'; id: string } | { kind: 'new-template'; model: string };

function KeyPicture({
  model,
  draft,
  page,
  selected,
  lines,
  onPick,
}: {
  model: PhoneModel;
  draft: Draft;
  page: number;
  selected: number;
  lines: number;
  onPick(key: number): void;
}) {
  const pages = keyPages(model);
  const p = pages[Math.min(page, pages.length - 1)];
  if (!p) return <p className="muted">This model has no programmable keys.</p>;
  const keys = Array.from({ length: p.count }, (_, i) => p.first + i);
  const key = (k: number) => {
    const b = draft.get(k) ?? emptyKey(k);
    const problems = keyProblems(b, model, lines);
    const text = b.type === 'none' ? 'Unused' : `${b.type === 'blf' ? 'BLF' : BUTTON_TYPE_LABELS[b.type]}${b.value ? ` ${b.value}` : ''}`;
    return (
      <button
        type="button"
        key={k}
        className={`key${b.type === 'none' ? ' key-none' : ''}${problems.length ? ' key-bad' : ''}`}
        aria-pressed={selected === k}
        aria-label={`Key ${k}: ${text}${b.label ? `, label ${b.label}` : ''}${problems.length ? `, problem: ${problems.join('; ')}` : ''}`}
        data-key={k}
        onClick={() => onPick(k)}
      >
        <span className="keyno" aria-hidden="true">
          {k}
        </span>
        <span aria-hidden="true">
          {b.label || text}
          {b.label && <span className="muted"> · {text}</span>}
          {problems.length > 0 && <strong className="reason"> ✕</strong>}
        </span>
      </button>
    );
  };
  if (p.kind === 'module') {
    return (
      <div className="keycol" style={{ gridTemplateColumns: 'repeat(2, 1fr)' }}>
        {keys.map(key)}
      </div>
    );
  }
  const half = Math.ceil(keys.length / 2);
  return (
    <div className="phone-pic" aria-label={`${model.vendor} ${model.model} keys, ${p.label}`}>
      <div className="keycol">{keys.slice(0, half).map(key)}</div>
      <div className="phone-screen">
        {model.vendor} {model.model}
        <br />
        <span className="muted">{p.label}</span>
      </div>
      <div className="keycol">{keys.slice(half).map(key)}</div>
    </div>
  );
}

function KeyEditor({ model, button, lines, onChange }: { model: PhoneModel; button: Button; lines: number; onChange(b: Button): void }) {
  const problems = keyProblems(button, model, lines);
  const types = ['none', ...model.buttonTypes.filter((t) => t !== 'none')] as ButtonType[];
  return (
    <fieldset className="card" data-testid="key-editor">
      <legend>Key {button.key}</legend>
      <label className="field">
        <span>Function</span>
        <select value={button.type} onChange={(e) => onChange({ ...button, type: e.target.value as ButtonType })} data-testid="key-type">
          {types.map((t) => (
            <option key={t} value={t}>
              {BUTTON_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Value</span>
        <input
          value={button.value}
          onChange={(e) => onChange({ ...button, value: e.target.value })}
          aria-invalid={problems.length > 0}
          aria-describedby="key-problems"
          data-testid="key-value"
        />
        <small>{VALUE_HINT[button.type] ?? 'Not needed for this function'}</small>
        <small>In a template: {TEMPLATE_VARIABLES.join(' ')} are filled in per phone</small>
      </label>
      <label className="field">
        <span>Label on the phone</span>
        <input
          value={button.label}
          maxLength={32}
          onChange={(e) => onChange({ ...button, label: e.target.value })}
          data-testid="key-label"
        />
      </label>
      <label className="field">
        <span>Line</span>
        <select value={button.line} onChange={(e) => onChange({ ...button, line: Number(e.target.value) })}>
          {Array.from({ length: Math.max(1, lines) }, (_, i) => (
            <option key={i + 1} value={i + 1}>
              Line {i + 1}
            </option>
          ))}
        </select>
      </label>
      <div id="key-problems" aria-live="polite">
        {problems.map((p) => (
          <div key={p} className="field-error">
            {p}
          </div>
        ))}
      </div>
      <div className="row-end">
        <button type="button" onClick={() => onChange(emptyKey(button.key))}>
          Clear key
        </button>
      </div>
    </fieldset>
  );
}

function ApplyTemplate({ template, onApplied }: { template: KeyTemplate; onApplied(): void }) {
  const phones = usePhones((s) => s.list);
  const selected = useUi((s) => s.selected);
  const accountList = useData((s) => s.accounts);
  const accounts = useMemo(() => new Map(accountList.map((a) => [a.id, a])), [accountList]);
  const [scope, setScope] = useState<'selected' | 'model'>(selected.size > 0 ? 'selected' : 'model');
  const [mode, setMode] = useState<'replace' | 'merge'>('replace');
  const targets = useMemo(
    () =>
      scope === 'selected'
        ? phones.filter((p) => selected.has(p.mac))
        : phones.filter((p) => template.model !== '' && p.model.toLowerCase() === template.model.toLowerCase()),
    [phones, scope, selected, template.model],
  );
  const macs = targets.map((p) => p.mac);
  // What each phone gets: the template's variables filled in from its own lines and site.
  const preview = useMemo(
    () => targets.map((p) => ({ phone: p, ...expandButtons(template.buttons, varsOf(p, accounts)) })),
    [targets, template.buttons, accounts],
  );
  const unfilled = preview.filter((x) => x.problems.length > 0);
  const describe = (b: Button) => `${b.key}: ${b.label || BUTTON_TYPE_LABELS[b.type]}${b.value ? ` (${b.value})` : ''}`;
  return (
    <fieldset className="card" data-testid="apply-template-card">
      <legend>Apply “{template.name}” to phones</legend>
      <label className="inline">
        <input type="radio" name="scope" checked={scope === 'selected'} onChange={() => setScope('selected')} /> The {selected.size}{' '}
        phone(s) selected on the Phones screen
      </label>
      <label className="inline">
        <input type="radio" name="scope" checked={scope === 'model'} onChange={() => setScope('model')} disabled={template.model === ''} />{' '}
        Every {template.model || '(no model set)'} phone
      </label>
      <label className="inline">
        <input type="radio" name="mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> Replace their keys
      </label>
      <label className="inline">
        <input type="radio" name="mode" checked={mode === 'merge'} onChange={() => setMode('merge')} /> Merge (template keys win, others
        kept)
      </label>
      {preview.length > 0 && (
        <div className="stack">
          <strong>What each phone gets</strong>
          <ul className="template-preview" data-testid="template-preview" aria-label="What each phone gets">
            {preview.map((x) => (
              <li key={x.phone.mac} data-mac={x.phone.mac} className={x.problems.length ? 'reason' : undefined}>
                <span className="mono">{formatMac(x.phone.mac as Mac)}</span>{' '}
                {x.phone.site && <span className="muted">{x.phone.site}</span>}
                <div>{x.problems.length ? x.problems.join('; ') : x.buttons.map(describe).join(' · ')}</div>
              </li>
            ))}
          </ul>
          {unfilled.length > 0 && (
            <p className="reason" role="alert">
              {unfilled.length} phone(s) cannot fill in this template’s variables: give them the accounts it uses, or leave them out.
            </p>
          )}
        </div>
      )}
      <div className="row-end">
        <button
          type="button"
          className="btn-primary"
          disabled={macs.length === 0 || unfilled.length > 0}
          data-testid="apply-template"
          onClick={async () => {
            const ok = await confirmAction({
              title: `Apply “${template.name}” to ${macs.length} phone(s)?`,
              message:
                mode === 'replace'
                  ? 'Their current keys are replaced. You can undo this for a while.'
                  : 'Keys the template sets are overwritten. You can undo this for a while.',
              confirmLabel: `Apply to ${macs.length} phone(s)`,
              items: preview.map(
                (x) => `${formatMac(x.phone.mac as Mac)} · ${x.phone.site || 'no site'} · ${x.buttons.map(describe).join(' · ')}`,
              ),
              itemsLabel: `The ${macs.length} phone(s) and the keys each gets:`,
              danger: false,
            });
            if (!ok) return;
            const r = await run(
              () => api().applyTemplate({ params: { id: template.id }, body: { macs, mode } }),
              (x) => `Applied “${template.name}” to ${x.affected} phone(s)`,
            );
            if (r) onApplied();
          }}
        >
          Apply to {macs.length} phone(s)
        </button>
      </div>
    </fieldset>
  );
}

/** Coming from the Phones bulk bar: the selection is the starting point, not any one phone. */
/** A template picker's options: a prompt (or `none` when there are no templates), then each template with its model. */
function TemplateOptions({ templates, none }: { templates: readonly KeyTemplate[]; none: string }) {
  return (
    <>
      <option value="">{templates.length ? 'Choose a template…' : none}</option>
      {templates.map((t) => (
        <option key={t.id} value={t.id}>
          {t.name} {t.model && `(${t.model})`}
        </option>
      ))}
    </>
  );
}

function SelectionStart({ templates, onChoose }: { templates: KeyTemplate[]; onChoose(id: string): void }) {
  const selected = useUi((s) => s.selected);
  return (
    <div className="note note-muted" role="region" aria-label="Apply a template to the selection" data-testid="selection-start">
      <strong>{selected.size} phone(s) selected on the Phones screen.</strong> Choose the template to apply to them; you see what each phone
      gets before anything changes.
      <label className="field inline">
        <span>Template</span>
        <select value="" onChange={(e) => e.target.value && onChoose(e.target.value)} data-testid="selection-template">
          <TemplateOptions templates={templates} none="No templates yet: draw one below" />
        </select>
      </label>
    </div>
  );
}

export default function ButtonsScreen() {
  const phones = usePhones((s) => s.list);
  const byMac = usePhones((s) => s.byMac);
  const openMac = useUi((s) => s.openMac);
  const forSelection = useUi((s) => s.buttonsForSelection && s.selected.size > 0);
  const [templates, setTemplates] = useState<KeyTemplate[]>([]);
  const [target, setTarget] = useState<Target | undefined>(!forSelection && openMac ? { kind: 'phone', mac: openMac } : undefined);
  // The intent is used once: the next visit starts as usual.
  useEffect(() => () => useUi.setState({ buttonsForSelection: false }), []);
  const [draft, setDraft] = useState<Draft>(new Map());
  const [dirty, setDirty] = useState(false);
  const [page, setPage] = useState(0);
  const [selectedKey, setSelectedKey] = useState(1);
  const [error, setError] = useState<UserError>();
  const [templateName, setTemplateName] = useState('');
  const [phoneSearch, setPhoneSearch] = useState('');

  const reloadTemplates = () => void run(() => api().listTemplates()).then((t) => t && setTemplates(t));
  useEffect(reloadTemplates, []);
  // Another window, or an undo, changed the templates: show the list as it is now.
  useEffect(() => onServerEvent((event) => event.type === 'templates-changed' && reloadTemplates()), []);

  const phone = target?.kind === 'phone' ? byMac.get(target.mac) : undefined;
  const template = target?.kind === 'template' ? templates.find((t) => t.id === target.id) : undefined;
  const modelName = phone ? phone.model : template ? template.model : target?.kind === 'new-template' ? target.model : '';
  const model = phone ? modelOrGeneric(phone.vendor, phone.model) : modelOrGeneric('', modelName);
  const lines = phone ? (phone.userType === 'hotdesk' ? 0 : phone.lines.length) : 0;
  const pages = keyPages(model);
  const problems = countProblems(draft, model, lines);

  // Load the layout of what is being edited, unless there are unsaved changes to it.
  const sourceButtons = phone?.buttons ?? template?.buttons;
  const sourceId = phone
    ? `p:${phone.mac}:${phone.revision}`
    : template
      ? `t:${template.id}:${JSON.stringify(template.buttons).length}`
      : (target?.kind ?? '');
  useEffect(() => {
    setDraft(draftFrom(sourceButtons ?? []));
    setDirty(false);
    setError(undefined);
  }, [sourceId]);

  const choose = async (t: Target) => {
    if (dirty) {
      const answer = await askUnsaved(phone ? `the keys of ${formatMac(phone.mac as Mac)}` : 'this key layout');
      if (answer === 'stay') return;
      if (answer === 'save' && !(await save())) return;
    }
    setTarget(t);
    setPage(0);
    setSelectedKey(1);
  };

  const current = draft.get(selectedKey) ?? emptyKey(selectedKey);
  const setKey = (b: Button) => {
    const next = new Map(draft);
    next.set(b.key, b);
    setDraft(next);
    setDirty(true);
  };

  async function save(): Promise<boolean> {
    const buttons = draftButtons(draft);
    setError(undefined);
    if (problems > 0) {
      setError({ message: `Not saved: ${problems} key(s) need fixing`, hint: 'Correct the keys marked ✕, then save.' });
      return false;
    }
    if (phone) {
      const r = await attempt(() => api().setButtons({ params: { mac: phone.mac }, body: buttons }));
      if (!r.ok) {
        setError(r.error);
        return false;
      }
      usePhones.getState().upsert([r.value]);
      toast.success(`Saved ${buttons.length} key(s) on ${formatMac(phone.mac as Mac)}`);
      offerReprovisionAfterSave(r.value);
    } else if (template) {
      const r = await attempt(() =>
        api().updateTemplate({ params: { id: template.id }, body: { name: template.name, model: template.model, buttons } }),
      );
      if (!r.ok) {
        setError(r.error);
        return false;
      }
      toast.success(`Saved template “${template.name}”`);
      reloadTemplates();
    } else {
      setError({ message: 'A new template is saved with “Save as template”: give it a name first.' });
      return false;
    }
    setDirty(false);
    return true;
  }
  useUnsavedGuard(dirty, phone ? `the keys of ${formatMac(phone.mac as Mac)}` : 'this key layout', save);

  const saveAsTemplate = async () => {
    const r = await attempt(() =>
      api().createTemplate({ body: { name: templateName.trim(), model: modelName, buttons: draftButtons(draft) } }),
    );
    if (!r.ok) return setError(r.error);
    toast.success(`Template “${r.value.name}” saved`);
    setTemplateName('');
    setTemplates([...templates, r.value]);
    if (target?.kind === 'new-template') {
      setDirty(false);
      setTarget({ kind: 'template', id: r.value.id });
    }
  };

  const phoneOptions = useMemo(() => {
    const q = phoneSearch.trim().toLowerCase().replace(/[:-]/g, '');
    return (
      q ? phones.filter((p) => p.mac.includes(q) || p.model.toLowerCase().includes(q) || p.site.toLowerCase().includes(q)) : phones
    ).slice(0, 200);
  }, [phones, phoneSearch]);

  return (
    <section className="screen" aria-labelledby="btn-h">
      <header className="screen-head">
        <h1 id="btn-h">Buttons &amp; templates</h1>
      </header>
      <div className="grid2" style={{ alignItems: 'end' }}>
        <div className="card stack">
          <h2>A phone</h2>
          <label className="field">
            <span>Find a phone</span>
            <input type="search" value={phoneSearch} onChange={(e) => setPhoneSearch(e.target.value)} placeholder="MAC, model or site" />
          </label>
          <label className="field">
            <span>Phone</span>
            <select
              value={phone?.mac ?? ''}
              onChange={(e) => e.target.value && void choose({ kind: 'phone', mac: e.target.value })}
              data-testid="buttons-phone"
            >
              <option value="">Choose a phone…</option>
              {phoneOptions.map((p) => (
                <option key={p.mac} value={p.mac}>
                  {formatMac(p.mac as Mac)} {p.model} {p.site}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="card stack">
          <h2>A template</h2>
          <label className="field">
            <span>Template</span>
            <select
              value={template?.id ?? ''}
              onChange={(e) => e.target.value && void choose({ kind: 'template', id: e.target.value })}
              data-testid="buttons-template"
            >
              <TemplateOptions templates={templates} none="No templates yet" />
            </select>
          </label>
          <label className="field">
            <span>…or draw a new template for a model</span>
            <select
              value={target?.kind === 'new-template' ? target.model : ''}
              onChange={(e) => e.target.value && void choose({ kind: 'new-template', model: e.target.value })}
            >
              <option value="">Choose a model…</option>
              {MODELS.map((m) => (
                <option key={`${m.vendor}-${m.model}`} value={m.model}>
                  {m.vendor} {m.model}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>

      {forSelection && !template && <SelectionStart templates={templates} onChoose={(id) => void choose({ kind: 'template', id })} />}
      {!target && <p className="muted">Choose a phone or a template to see its keys.</p>}
      {target && (
        <>
          <div className="toolbar">
            <h2 style={{ margin: 0 }}>
              {phone
                ? `${formatMac(phone.mac as Mac)} · ${model.vendor || phone.vendor} ${model.model}`
                : template
                  ? `Template “${template.name}”`
                  : `New template for ${modelName}`}
            </h2>
            <span className="muted">
              {keyCapacity(model).main} keys
              {model.expansion ? ` + up to ${model.expansion.maxModules} × ${model.expansion.keys} on ${model.expansion.name}` : ''}
              {model.model === 'Generic' && ' (model not in the catalog: showing a generic 12-key phone)'}
            </span>
            <div className="toolbar-end">
              <span role="status" className={problems ? 'reason' : 'muted'} data-testid="key-problems-count">
                {problems ? `${problems} key(s) need fixing` : dirty ? 'Unsaved changes' : 'Saved'}
              </span>
              {target.kind !== 'new-template' && (
                <button
                  type="button"
                  className="btn-primary"
                  disabled={!dirty || problems > 0}
                  onClick={() => void save()}
                  data-testid="save-keys"
                >
                  {phone ? 'Save keys to phone' : 'Save template'}
                </button>
              )}
            </div>
          </div>
          {unverifiedNote(model) && (
            <p className="note note-muted" role="note" data-testid="model-unverified">
              {unverifiedNote(model)}
            </p>
          )}
          {error && <ErrorNote error={error} />}
          {phone && <ReprovisionOffer phone={phone} />}
          {pages.length > 1 && (
            <div className="tabs" role="tablist" aria-label="Key pages">
              {pages.map((p, i) => (
                <button type="button" role="tab" key={p.label} aria-selected={page === i} onClick={() => setPage(i)}>
                  {p.label}
                </button>
              ))}
            </div>
          )}
          <div className="split" style={{ alignItems: 'start' }}>
            <div className="grow">
              <KeyPicture
                model={model}
                draft={draft}
                page={page}
                selected={selectedKey}
                lines={lines}
                onPick={(k) => {
                  setSelectedKey(k);
                  // Move focus to the editor, so keyboard users land where they edit.
                  setTimeout(() => (document.querySelector('[data-testid="key-type"]') as HTMLElement | null)?.focus(), 0);
                }}
              />
            </div>
            <div className="stack" style={{ width: '22rem' }}>
              <KeyEditor model={model} button={current} lines={lines} onChange={setKey} />
              <form
                className="card form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void saveAsTemplate();
                }}
              >
                <label className="field">
                  <span>Save this layout as a template</span>
                  <input
                    value={templateName}
                    onChange={(e) => setTemplateName(e.target.value)}
                    placeholder="e.g. Reception T46U"
                    data-testid="template-name"
                  />
                </label>
                <button type="submit" disabled={templateName.trim() === '' || problems > 0}>
                  Save as template
                </button>
              </form>
              {template && (
                <>
                  <ApplyTemplate template={template} onApplied={() => undefined} />
                  <div className="row-end">
                    <button
                      type="button"
                      className="btn-danger"
                      onClick={async () => {
                        const ok = await confirmAction({
                          title: `Delete template “${template.name}”?`,
                          message: 'Phones keep the keys it gave them. You can undo this for a while.',
                          confirmLabel: 'Delete template',
                        });
                        if (!ok) return;
                        const r = await run(
                          () => api().deleteTemplate({ params: { id: template.id } }),
                          () => `Deleted template “${template.name}”`,
                        );
                        if (r) {
                          setTarget(undefined);
                          reloadTemplates();
                        }
                      }}
                    >
                      Delete template…
                    </button>
                  </div>
                </>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
