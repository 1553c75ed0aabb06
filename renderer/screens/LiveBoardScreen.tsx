/**
 * The screen a technician watches while the phones boot: counts per step for the site, every
 * phone's progress through the seven steps as it happens, and why a step failed, in words.
 */
import { SiteFilter } from '../components/Selects';
import { useMemo, useState } from 'react';
import type { PhoneView } from '../../shared/api/views';
import { STEP_INFO, STEPS, type StepEvent } from '../../shared/flow/steps';
import { formatMac, type Mac } from '../../shared/mac';
import { StatusChip, StepStrip } from '../components/StatusChip';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { boardCounts } from '../lib/boardCounts';
import { distinct, extensionsOf } from '../lib/phoneFilter';
import { useAccountsMap } from '../lib/useAccountsMap';
import { useStageOf } from '../lib/useShownStage';
import { PbxLinkBanner } from '../components/PbxLinkBanner';
import { usePhones } from '../stores/phones';
import { useUi } from '../stores/ui';
import { RingButton, WalkButton } from './walk/RingButton';
import { RingChip } from './walk/RingChip';
import { LiveReprovision, reprovisionEventWords } from '../components/Reprovision';
import { FirmwareTiles } from './firmware/FirmwareTiles';

function eventWords(e: StepEvent): string {
  const info = STEP_INFO[e.step];
  if (e.outcome === 'failed') return `step ${e.step} failed: ${e.reason ?? info.title}`;
  const desk = e.detail?.['deskCheck'];
  if (desk)
    return desk === 'confirmed'
      ? 'Desk check: answered at its desk'
      : `Desk check: wrong desk${e.detail?.['note'] ? ` (${String(e.detail['note'])})` : ''}`;
  if (e.outcome === 'info' && e.detail?.['firmware'] !== undefined && e.reason) return e.reason;
  if (e.outcome === 'info') return reprovisionEventWords(e) ?? `${info.title}${e.file ? ` (${e.file})` : ''}`;
  return `${info.done}${e.file ? ` (${e.file})` : ''}`;
}

type Order = 'attention' | 'mac';

export function LiveBoardScreen() {
  const list = usePhones((s) => s.list);
  const recent = usePhones((s) => s.recent);
  const accounts = useAccountsMap();
  const openPhone = useUi((s) => s.openPhone);
  const setRoute = useUi((s) => s.setRoute);
  const [site, setSite] = useState('');
  const [order, setOrder] = useState<Order>('attention');
  const sites = useMemo(() => distinct(list, (p) => p.site), [list]);
  const phones = useMemo(() => (site ? list.filter((p) => p.site === site) : list), [list, site]);
  const counts = useMemo(() => boardCounts(phones), [phones]);
  const stageOf = useStageOf();
  const overdue = phones.filter((p) => stageOf(p.flow) !== p.flow.stage);
  const linked = overdue.some((p) => stageOf(p.flow) === 'not_registered');
  const failed = useMemo(() => phones.filter((p) => p.flow.stage === 'failed'), [phones]);
  const sorted = useMemo(() => {
    if (order === 'mac') return phones;
    const rank = (p: PhoneView) => (p.flow.stage === 'failed' ? 0 : p.flow.stage === 'registered' ? 3 : p.flow.stage === 'waiting' ? 2 : 1);
    return [...phones].sort((a, b) => rank(a) - rank(b) || (b.flow.lastSeen ?? '').localeCompare(a.flow.lastSeen ?? ''));
  }, [phones, order]);

  const open = (mac: string) => {
    openPhone(mac);
    setRoute('phones');
  };

  const columns: Column<PhoneView>[] = [
    {
      id: 'mac',
      width: '11rem',
      header: 'MAC',
      cell: (p) => (
        <button type="button" className="linklike mono" onClick={() => open(p.mac)}>
          {formatMac(p.mac as Mac)}
        </button>
      ),
    },
    { id: 'ext', width: '5.5rem', header: 'Ext.', cell: (p) => extensionsOf(p, accounts) || '—' },
    { id: 'status', width: '9.5rem', header: 'Status', cell: (p) => <StatusChip stage={stageOf(p.flow)} /> },
    { id: 'steps', width: '12.5rem', header: 'Steps 1–7', cell: (p) => <StepStrip flow={p.flow} compact /> },
    {
      id: 'why',
      width: 'minmax(9rem, 1fr)',
      header: 'What happened',
      cell: (p) =>
        p.flow.failure ? (
          <span className="reason" title={p.flow.failure.reason}>
            {p.flow.failure.reason}
          </span>
        ) : stageOf(p.flow) === 'not_checked' ? (
          <span className="reason" title="No PBX link: nobody can tell whether this phone registered. Link your Asterisk in Settings.">
            Configured, registration not checked: no PBX link
          </span>
        ) : stageOf(p.flow) === 'not_registered' ? (
          <span className="reason">Configured but not registered within the deadline</span>
        ) : (
          <span className="muted">{p.flow.lastSeen ? `last seen ${new Date(p.flow.lastSeen).toLocaleTimeString()}` : 'not seen yet'}</span>
        ),
    },
    { id: 'reprovision', width: '14rem', header: 'Re-provision', cell: (p) => <LiveReprovision phone={p} /> },
    {
      id: 'desk',
      width: '13rem',
      header: 'Desk check',
      cell: (p) => (
        <span className="row-tight">
          <RingButton mac={p.mac} compact /> <RingChip mac={p.mac} />
          {!p.deskCheck ? null : p.deskCheck.outcome === 'confirmed' ? (
            <span title="Confirmed at its desk">✓</span>
          ) : (
            <span title="Wrong desk">✕</span>
          )}
        </span>
      ),
    },
  ];

  return (
    <section className="screen screen-fill" aria-labelledby="live-h">
      <header className="screen-head">
        <h1 id="live-h">Live board</h1>
        <SiteFilter sites={sites} value={site} onChange={setSite} />
        <WalkButton macs={phones.filter((p) => p.lines.length > 0).map((p) => p.mac)} title={site || 'all sites'} />
      </header>
      <PbxLinkBanner />
      <div className="tiles" role="list" aria-label="Phones per step" data-testid="live-counts">
        <Tile label="Registered" value={counts.byStage.registered} total={counts.total} tone="good" testId="count-registered" />
        <Tile label="Failed" value={counts.byStage.failed} total={counts.total} tone="bad" testId="count-failed" />
        <Tile
          label="In progress"
          value={counts.total - counts.byStage.registered - counts.byStage.failed - counts.byStage.waiting - overdue.length}
          total={counts.total}
          tone="busy"
          testId="count-progress"
        />
        <Tile
          label={linked ? 'Not registered' : 'Registration not checked'}
          value={overdue.length}
          total={counts.total}
          tone={linked ? 'bad' : 'busy'}
          testId="count-overdue"
        />
        <Tile label="Waiting" value={counts.byStage.waiting} total={counts.total} tone="idle" testId="count-waiting" />
        <FirmwareTiles phones={phones} />
      </div>
      <ol className="funnel" aria-label="How far the phones got">
        {STEPS.map((s) => (
          <li key={s} data-testid={`reached-${s}`}>
            <span className="funnel-label">
              {s}. {STEP_INFO[s].done}
            </span>
            <progress
              value={counts.reached[s]}
              max={Math.max(1, counts.total)}
              aria-label={`${STEP_INFO[s].done}: ${counts.reached[s]} of ${counts.total}`}
            />
            <span className="funnel-num">
              {counts.reached[s]} / {counts.total}
            </span>
          </li>
        ))}
      </ol>
      {failed.length > 0 && (
        <div className="note note-error" role="region" aria-label="Phones that need attention">
          <strong>
            {failed.length} {failed.length === 1 ? 'phone needs' : 'phones need'} attention
          </strong>
          <ul className="failures">
            {failed.slice(0, 8).map((p) => (
              <li key={p.mac}>
                <button type="button" className="linklike mono" onClick={() => open(p.mac)}>
                  {formatMac(p.mac as Mac)}
                </button>{' '}
                step {p.flow.failure?.step} ({p.flow.failure ? STEP_INFO[p.flow.failure.step].done : ''}): {p.flow.failure?.reason}
              </li>
            ))}
            {failed.length > 8 && <li>…and {failed.length - 8} more (filter the Phones list by status "Failed").</li>}
          </ul>
        </div>
      )}
      <div className="split">
        <div className="stack grow">
          <div className="toolbar">
            <label className="field inline">
              <span>Order</span>
              <select value={order} onChange={(e) => setOrder(e.target.value as Order)}>
                <option value="attention">Failed first, then most recent</option>
                <option value="mac">By MAC</option>
              </select>
            </label>
          </div>
          <VirtualTable
            label="Phones and their progress"
            testId="live-table"
            items={sorted}
            columns={columns}
            rowKey={(p) => p.mac}
            rowClass={(p) => (p.flow.stage === 'failed' ? 'is-failed' : undefined)}
            empty="No phones yet."
          />
        </div>
        <aside className="feed" aria-label="Latest activity">
          <h2>Latest activity</h2>
          <ol aria-live="off">
            {recent.slice(0, 40).map((e) => (
              <li key={`${e.seq}-${e.mac}-${e.step}`} className={e.outcome === 'failed' ? 'feed-bad' : undefined}>
                <span className="muted">{new Date(e.at).toLocaleTimeString()}</span> <span className="mono">{formatMac(e.mac as Mac)}</span>{' '}
                {eventWords(e)}
              </li>
            ))}
            {recent.length === 0 && <li className="muted">Nothing yet. Power the phones on; each step shows here as it happens.</li>}
          </ol>
        </aside>
      </div>
      <p className="sr-only" aria-live="polite">
        {counts.byStage.registered} of {counts.total} registered, {counts.byStage.failed} failed
      </p>
    </section>
  );
}

function Tile({ label, value, total, tone, testId }: { label: string; value: number; total: number; tone: string; testId: string }) {
  return (
    <div className={`tile tile-${tone}`} role="listitem" data-testid={testId} data-value={value}>
      <div className="tile-num">{value}</div>
      <div className="tile-label">
        {label}
        <span className="muted"> of {total}</span>
      </div>
    </div>
  );
}
