/** Every phone, its status through the seven steps, filters, search, multi-select and bulk actions. */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { PhoneView } from '../../shared/api/views';
import type { AccountView } from '../../shared/domain/account';
import { STAGES, STAGE_LABELS, type Stage } from '../../shared/flow/machine';
import { formatMac, type Mac } from '../../shared/mac';
import { api } from '../api/api';
import { confirmAction } from '../components/Confirm';
import { ErrorNote } from '../components/Feedback';
import { StatusChip, StepStrip } from '../components/StatusChip';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { run } from '../lib/actions';
import { plural } from '../lib/plural';
import { useViewportWidth } from '../lib/useViewportWidth';
import { distinct, extensionsOf, filterPhones } from '../lib/phoneFilter';
import { useAccountsMap } from '../lib/useAccountsMap';
import { useStageOf } from '../lib/useShownStage';
import { PbxLinkBanner } from '../components/PbxLinkBanner';
import { usePhones } from '../stores/phones';
import { loadPhones } from '../stores/sync';
import { useUi } from '../stores/ui';
import { AddPhoneForm, PhonePanel } from './PhonePanel';
import { RingButton, WalkButton } from './walk/RingButton';
import { BulkReprovision, ReprovisionChip } from '../components/Reprovision';
import { FirmwareCell, FirmwareFilterSelect, useFirmwareFiltered } from './firmware/FirmwareColumn';
import type { FirmwareFilter } from '../stores/firmware';

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

const SEARCH_HELP =
  'Every word must match the start of a word in one field (a 1-2 digit number a whole word, "floor 2" together). ' +
  'Field filters match the whole value: site:"HQ floor 2", model:T46U, ext:2001, vendor:, mac:, ip:, serial:, status:, name:. End a value with * for "starts with".';

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
          placeholder='MAC, IP, extension, site… or site:"HQ floor 2" model:T46U ext:2001'
          title={SEARCH_HELP}
          aria-describedby="phones-search-help"
          value={filters.search}
          onChange={(e) => setFilter('search', e.target.value)}
          data-testid="phones-search"
        />
        <small id="phones-search-help" className="sr-only">
          {SEARCH_HELP}
        </small>
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
      <FirmwareFilterSelect value={filters.firmware as FirmwareFilter} onChange={(v) => setFilter('firmware', v)} />
      <div className="toolbar-end">
        <span className="muted" aria-live="polite" data-testid="phones-count">
          {shown === list.length ? plural(list.length, 'phone') : `${shown} of ${plural(list.length, 'phone')}`}
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

/** One line per phone for a confirm dialog's list: MAC, model, site, extensions. */
export function describePhone(p: PhoneView, accounts: ReadonlyMap<string, AccountView>): string {
  const ext = p.lines.length ? `ext ${extensionsOf(p, accounts)}` : p.userType === 'hotdesk' ? 'hot-desk' : 'no extension';
  return [formatMac(p.mac as Mac), p.model || 'model unknown', p.site || 'no site', ext].join(' · ');
}

function BulkBar({ phones, hidden, onDone }: { phones: PhoneView[]; hidden: number; onDone(): void }) {
  const [site, setSite] = useState('');
  const openButtonsForSelection = useUi((s) => s.openButtonsForSelection);
  const accounts = useAccountsMap();
  if (phones.length === 0) return null;
  const n = phones.length;
  const macs = phones.map((p) => p.mac);
  const items = phones.map((p) => describePhone(p, accounts));
  const itemsLabel = `The ${n} phone(s) this acts on${hidden ? ` (${hidden} of them hidden by the current search or filters)` : ''}:`;
  /** Every bulk action first shows how many phones and which, then acts on exactly those. */
  const ask = (title: string, message: string, confirmLabel: string, danger = false) =>
    confirmAction({ title, message, confirmLabel, items, itemsLabel, danger });
  const patch = async (p: { site?: string; userType?: 'standard' | 'hotdesk' }, what: string) => {
    if (!(await ask(`${what} on ${n} phone(s)?`, 'You can undo this for a while.', `${what} on ${n} phone(s)`))) return;
    await run(
      () => api().bulkPhones({ body: { macs, action: { kind: 'patch', patch: p } } }),
      (r) => `${what} on ${r.affected} phone(s)`,
    );
  };
  return (
    <div className="bulkbar" role="region" aria-label="Actions on selected phones" data-testid="bulkbar">
      <strong data-testid="bulk-count">
        {n} selected
        {hidden > 0 && <span className="reason"> ({hidden} not shown)</span>}
      </strong>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void patch({ site: site.trim() }, `Set site to "${site.trim()}"`);
        }}
      >
        <label className="field inline">
          <span>Site</span>
          <input value={site} onChange={(e) => setSite(e.target.value)} placeholder="e.g. HQ floor 2" />
        </label>
        <button type="submit">Set site…</button>
      </form>
      <button type="button" onClick={() => void patch({ userType: 'standard' }, 'Make standard')}>
        Make standard…
      </button>
      <button type="button" onClick={() => void patch({ userType: 'hotdesk' }, 'Make hot-desk')}>
        Make hot-desk…
      </button>
      <button type="button" onClick={openButtonsForSelection} data-testid="bulk-template">
        Apply a button template…
      </button>
      {n === 1 ? <RingButton mac={macs[0] as string} /> : <WalkButton macs={macs} title={`${n} selected`} label="Ring one by one" />}
      <BulkReprovision phones={phones} />
      <button
        type="button"
        className="btn-danger"
        onClick={async () => {
          const ok = await ask(
            `Remove ${n} phone(s)?`,
            `These ${n} phone(s) will no longer be provisioned. Their accounts are kept. You can undo this for a while.`,
            `Remove ${n} phone(s)`,
            true,
          );
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

  const shown = useFirmwareFiltered(
    useMemo(() => filterPhones(list, filters, accounts), [list, filters, accounts]),
    filters.firmware,
  );
  const selectedPhones = useMemo(() => list.filter((p) => selected.has(p.mac)), [list, selected]);
  const hiddenSelected = useMemo(() => {
    const shownSet = new Set(shown.map((p) => p.mac));
    return selectedPhones.filter((p) => !shownSet.has(p.mac)).length;
  }, [selectedPhones, shown]);
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

  const narrow = openMac !== undefined;
  const viewport = useViewportWidth();
  const stageOf = useStageOf();
  const columns: Column<PhoneView>[] = useMemo(
    () => [
      {
        id: 'sel',
        width: '2.5rem',
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
        width: '11.2rem',
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
      // With the panel open the table keeps what tells phones apart and their state; vendor, model,
      // IP and extension are in the panel.
      ...(narrow
        ? []
        : ([
            // On a laptop screen (1366 px and less) the vendor and IP columns go first: the model names
            // the vendor, and the IP is in the panel; state columns never leave the view.
            ...(viewport < 1500
              ? []
              : ([
                  { id: 'vendor', width: '5.5rem', header: 'Vendor', cell: (p) => p.vendor || <span className="muted">—</span> },
                ] satisfies Column<PhoneView>[])),
            { id: 'model', width: '5rem', header: 'Model', cell: (p) => p.model || <span className="muted">—</span> },
            ...(viewport < 1340
              ? []
              : ([
                  {
                    id: 'ip',
                    width: '7.5rem',
                    header: 'IP',
                    cell: (p) => <span className="mono">{p.flow.lastIp || p.lastIp || '—'}</span>,
                  },
                ] satisfies Column<PhoneView>[])),
            {
              id: 'ext',
              width: 'minmax(4.5rem, 0.6fr)',
              header: 'Extension',
              cell: (p) =>
                p.lines.length ? (
                  extensionsOf(p, accounts)
                ) : (
                  <span className="muted">{p.userType === 'hotdesk' ? 'hot-desk' : 'none'}</span>
                ),
            },
          ] satisfies Column<PhoneView>[])),
      {
        id: 'site',
        width: 'minmax(7rem, 1.2fr)',
        header: 'Site',
        cell: (p) => (p.site ? <span title={p.site}>{p.site}</span> : <span className="muted">—</span>),
      },
      // Firmware is in the panel too: with the panel open the table keeps the state columns in view.
      ...(narrow
        ? []
        : ([{ id: 'firmware', width: '8rem', header: 'Firmware', cell: (p) => <FirmwareCell phone={p} /> }] satisfies Column<PhoneView>[])),
      {
        id: 'status',
        // With the panel open the chip and its re-provision mark wrap, so Steps stays in view at 1280 px.
        width: narrow ? '9.5rem' : '11rem',
        header: 'Status',
        cell: (p) => (
          <>
            <StatusChip stage={stageOf(p.flow)} /> <ReprovisionChip mac={p.mac} />
          </>
        ),
      },
      { id: 'steps', width: '12.5rem', header: 'Steps 1–7', cell: (p) => <StepStrip flow={p.flow} compact /> },
    ],
    [accounts, allShownSelected, narrow, viewport, openPhone, stageOf, selected, setSelected, shown, toggle],
  );

  return (
    <section className="screen screen-fill" aria-labelledby="phones-h">
      <header className="screen-head">
        <h1 id="phones-h">Phones</h1>
        <button type="button" className="btn-primary" onClick={() => setAdding((v) => !v)} aria-expanded={adding}>
          Add a phone
        </button>
      </header>
      <PbxLinkBanner />
      {adding && <AddPhoneForm onClose={() => setAdding(false)} />}
      <Filters list={list} shown={shown.length} />
      <BulkBar phones={selectedPhones} hidden={hiddenSelected} onDone={() => setSelected(new Set())} />
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
