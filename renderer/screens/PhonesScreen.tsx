/** Every phone, its status through the seven steps, filters, search, multi-select and bulk actions. */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { PhoneView } from '../../shared/api/views';
import { STAGES, STAGE_LABELS, type Stage } from '../../shared/flow/machine';
import { formatMac, type Mac } from '../../shared/mac';
import { api } from '../api/api';
import { confirmAction } from '../components/Confirm';
import { ErrorNote } from '../components/Feedback';
import { StatusChip, StepStrip } from '../components/StatusChip';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { run } from '../lib/actions';
import { distinct, extensionsOf, filterPhones } from '../lib/phoneFilter';
import { useAccountsMap } from '../lib/useAccountsMap';
import { usePhones } from '../stores/phones';
import { loadPhones } from '../stores/sync';
import { useUi } from '../stores/ui';
import { AddPhoneForm, PhonePanel } from './PhonePanel';
import { RingButton, WalkButton } from './walk/RingButton';

/**
 * Performance marks the bench reads: from the click on "Phones" (`nav:phones`, set by the router)
 * to the table's commit, and from a filter change (`phones-filter:start`) to the commit.
 */
function measureRender(total: number): void {
  if (total > 0 && performance.getEntriesByName('nav:phones', 'mark').length > 0) {
    performance.mark('phones-table:rendered');
    performance.measure('phones-table:first-render', 'nav:phones', 'phones-table:rendered');
    performance.clearMarks('nav:phones');
  }
  if (performance.getEntriesByName('phones-filter:start', 'mark').length > 0) {
    performance.mark('phones-filter:rendered');
    performance.measure('phones-filter', 'phones-filter:start', 'phones-filter:rendered');
    performance.clearMarks('phones-filter:start');
  }
}

function Filters({ list, shown }: { list: readonly PhoneView[]; shown: number }) {
  const filters = useUi((s) => s.filters);
  const setFilter = useUi((s) => s.setFilter);
  const clearFilters = useUi((s) => s.clearFilters);
  const vendors = useMemo(() => distinct(list, (p) => p.vendor), [list]);
  const models = useMemo(() => distinct(list, (p) => p.model), [list]);
  const sites = useMemo(() => distinct(list, (p) => p.site), [list]);
  const active = Object.values(filters).some((v) => v !== '');
  return (
    <div className="toolbar" role="search">
      <label className="field grow">
        <span>Search</span>
        <input
          type="search"
          placeholder="MAC, IP, extension, site…"
          value={filters.search}
          onChange={(e) => setFilter('search', e.target.value)}
          data-testid="phones-search"
        />
      </label>
      <Select label="Vendor" value={filters.vendor} options={vendors} onChange={(v) => setFilter('vendor', v)} />
      <Select label="Model" value={filters.model} options={models} onChange={(v) => setFilter('model', v)} />
      <label className="field">
        <span>Status</span>
        <select value={filters.stage} onChange={(e) => setFilter('stage', e.target.value as Stage | '')} data-testid="filter-status">
          <option value="">Any</option>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {STAGE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <Select label="Site" value={filters.site} options={sites} onChange={(v) => setFilter('site', v)} />
      <div className="toolbar-end">
        <span className="muted" aria-live="polite" data-testid="phones-count">
          {shown === list.length ? `${list.length} phones` : `${shown} of ${list.length} phones`}
        </span>
        {active && (
          <button type="button" onClick={clearFilters}>
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}

function Select({ label, value, options, onChange }: { label: string; value: string; options: string[]; onChange(v: string): void }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

function BulkBar({ macs, onDone }: { macs: string[]; onDone(): void }) {
  const [site, setSite] = useState('');
  const setRoute = useUi((s) => s.setRoute);
  if (macs.length === 0) return null;
  const n = macs.length;
  const patch = (p: { site?: string; userType?: 'standard' | 'hotdesk' }, what: string) =>
    run(
      () => api().bulkPhones({ body: { macs, action: { kind: 'patch', patch: p } } }),
      (r) => `${what} on ${r.affected} phone(s)`,
    );
  return (
    <div className="bulkbar" role="region" aria-label="Actions on selected phones" data-testid="bulkbar">
      <strong>{n} selected</strong>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void patch({ site: site.trim() }, `Site set to "${site.trim()}"`);
        }}
      >
        <label className="field inline">
          <span>Site</span>
          <input value={site} onChange={(e) => setSite(e.target.value)} placeholder="e.g. HQ floor 2" />
        </label>
        <button type="submit">Set site</button>
      </form>
      <button type="button" onClick={() => void patch({ userType: 'standard' }, 'User type set to standard')}>
        Make standard
      </button>
      <button type="button" onClick={() => void patch({ userType: 'hotdesk' }, 'User type set to hot-desk')}>
        Make hot-desk
      </button>
      <button type="button" onClick={() => setRoute('buttons')}>
        Apply a button template…
      </button>
      {n === 1 ? <RingButton mac={macs[0] as string} /> : <WalkButton macs={macs} title={`${n} selected`} label="Ring one by one" />}
      <button
        type="button"
        className="btn-danger"
        onClick={async () => {
          const ok = await confirmAction({
            title: `Remove ${n} phone(s)?`,
            message: `The ${n} selected phone(s) will no longer be provisioned. Their accounts are kept. You can undo this for a while.`,
            confirmLabel: `Remove ${n} phone(s)`,
          });
          if (!ok) return;
          const r = await run(
            () => api().bulkPhones({ body: { macs, action: { kind: 'delete' } } }),
            (res) => `Removed ${res.affected} phone(s)`,
          );
          if (r) onDone();
        }}
      >
        Remove…
      </button>
      <button type="button" onClick={onDone}>
        Clear selection
      </button>
    </div>
  );
}

export function PhonesScreen() {
  const list = usePhones((s) => s.list);
  const loaded = usePhones((s) => s.loaded);
  const error = usePhones((s) => s.error);
  const filters = useUi((s) => s.filters);
  const selected = useUi((s) => s.selected);
  const setSelected = useUi((s) => s.setSelected);
  const openMac = useUi((s) => s.openMac);
  const openPhone = useUi((s) => s.openPhone);
  const accounts = useAccountsMap();
  const [adding, setAdding] = useState(false);
  const lastClicked = useRef<number | undefined>(undefined);

  const shown = useMemo(() => filterPhones(list, filters, accounts), [list, filters, accounts]);
  const selectedMacs = useMemo(() => list.filter((p) => selected.has(p.mac)).map((p) => p.mac), [list, selected]);
  const allShownSelected = shown.length > 0 && shown.every((p) => selected.has(p.mac));

  const toggle = useCallback(
    (mac: string, index: number, shift: boolean) => {
      const next = new Set(selected);
      const on = !next.has(mac);
      if (shift && lastClicked.current !== undefined) {
        const [a, b] = [Math.min(lastClicked.current, index), Math.max(lastClicked.current, index)];
        for (let i = a; i <= b; i++) {
          const p = shown[i];
          if (p) {
            if (on) next.add(p.mac);
            else next.delete(p.mac);
          }
        }
      } else if (on) next.add(mac);
      else next.delete(mac);
      lastClicked.current = index;
      setSelected(next);
    },
    [selected, setSelected, shown],
  );

  const columns: Column<PhoneView>[] = useMemo(
    () => [
      {
        id: 'sel',
        width: '2.75rem',
        header: (
          <input
            type="checkbox"
            aria-label={allShownSelected ? 'Unselect all shown phones' : 'Select all shown phones'}
            checked={allShownSelected}
            onChange={() => {
              const next = new Set(selected);
              for (const p of shown) {
                if (allShownSelected) next.delete(p.mac);
                else next.add(p.mac);
              }
              setSelected(next);
            }}
          />
        ),
        cell: (p, i) => (
          <input
            type="checkbox"
            aria-label={`Select ${formatMac(p.mac as Mac)}`}
            checked={selected.has(p.mac)}
            onChange={() => undefined}
            onClick={(e) => toggle(p.mac, i, e.shiftKey)}
          />
        ),
      },
      {
        id: 'mac',
        width: '11.5rem',
        header: 'MAC',
        cell: (p) => (
          <button
            type="button"
            className="linklike mono"
            onClick={() => openPhone(p.mac)}
            aria-label={`Open phone ${formatMac(p.mac as Mac)}`}
          >
            {formatMac(p.mac as Mac)}
          </button>
        ),
      },
      { id: 'vendor', width: '7rem', header: 'Vendor', cell: (p) => p.vendor || <span className="muted">—</span> },
      { id: 'model', width: '6.5rem', header: 'Model', cell: (p) => p.model || <span className="muted">—</span> },
      { id: 'ip', width: '8.5rem', header: 'IP', cell: (p) => <span className="mono">{p.flow.lastIp || p.lastIp || '—'}</span> },
      {
        id: 'ext',
        width: 'minmax(6rem, 1fr)',
        header: 'Extension',
        cell: (p) =>
          p.lines.length ? extensionsOf(p, accounts) : <span className="muted">{p.userType === 'hotdesk' ? 'hot-desk' : 'none'}</span>,
      },
      { id: 'site', width: 'minmax(6rem, 1fr)', header: 'Site', cell: (p) => p.site || <span className="muted">—</span> },
      { id: 'status', width: '12rem', header: 'Status', cell: (p) => <StatusChip stage={p.flow.stage} /> },
      { id: 'steps', width: '13.5rem', header: 'Steps 1–7', cell: (p) => <StepStrip flow={p.flow} compact /> },
    ],
    [accounts, allShownSelected, openPhone, selected, setSelected, shown, toggle],
  );

  return (
    <section className="screen screen-fill" aria-labelledby="phones-h">
      <header className="screen-head">
        <h1 id="phones-h">Phones</h1>
        <button type="button" className="btn-primary" onClick={() => setAdding((v) => !v)} aria-expanded={adding}>
          Add a phone
        </button>
      </header>
      {adding && <AddPhoneForm onClose={() => setAdding(false)} />}
      <Filters list={list} shown={shown.length} />
      <BulkBar macs={selectedMacs} onDone={() => setSelected(new Set())} />
      {error && <ErrorNote error={error} onRetry={() => void loadPhones()} />}
      <div className="split">
        <VirtualTable
          label="Phones"
          testId="phones-table"
          items={shown}
          columns={columns}
          rowKey={(p) => p.mac}
          rowClass={(p) => (p.mac === openMac ? 'is-open' : selected.has(p.mac) ? 'is-selected' : undefined)}
          onRendered={() => measureRender(list.length)}
          empty={
            !loaded
              ? 'Loading phones…'
              : list.length === 0
                ? 'No phones yet. Add one here, import a CSV on the Accounts screen, or find them on the Discover screen.'
                : 'No phone matches these filters.'
          }
        />
        {openMac && <PhonePanel mac={openMac} onClose={() => openPhone(undefined)} />}
      </div>
    </section>
  );
}
