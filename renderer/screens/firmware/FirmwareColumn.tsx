/** The Phones table's Firmware column and filter: the version each phone runs and where it stands against its target. */
import { useMemo } from 'react';
import type { PhoneView } from '../../../shared/api/views';
import {
  FIRMWARE_FILTER_LABELS,
  FIRMWARE_FILTERS,
  isUpgrading,
  matchesFirmware,
  standingOf,
  useFirmware,
  type FirmwareFilter,
} from '../../stores/firmware';

export function FirmwareCell({ phone }: { phone: PhoneView }) {
  const targets = useFirmware((s) => s.targets);
  const byId = useFirmware((s) => s.byId);
  const { standing, target } = standingOf(phone, { targets, byId });
  const version = phone.firmware || '—';
  if (isUpgrading(phone) && (standing === 'below' || standing === 'unknown')) {
    const to = phone.flow.upgradingTo ?? target?.version;
    return (
      <span className="chip chip-busy" title={`Upgrading to ${to}`} data-firmware="upgrading">
        {version} → {to}
      </span>
    );
  }
  if (standing === 'below' || standing === 'unknown') {
    return (
      <span className="chip chip-bad" title={`Below target ${target?.version}`} data-firmware="below">
        {version} <span className="sr-only">below target</span>
        <span aria-hidden="true">↓</span>
      </span>
    );
  }
  if (standing === 'current' || standing === 'above') {
    return (
      <span
        className="chip chip-good"
        title={standing === 'current' ? 'At target' : `Newer than target ${target?.version}`}
        data-firmware="current"
      >
        {version}
      </span>
    );
  }
  return (
    <span className="mono" data-firmware="none">
      {version}
    </span>
  );
}

export function FirmwareFilterSelect({ value, onChange }: { value: FirmwareFilter; onChange(v: FirmwareFilter): void }) {
  return (
    <label className="field">
      <span>Firmware</span>
      <select value={value} onChange={(e) => onChange(e.target.value as FirmwareFilter)} data-testid="filter-firmware">
        {FIRMWARE_FILTERS.map((f) => (
          <option key={f} value={f}>
            {FIRMWARE_FILTER_LABELS[f]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The phones the Firmware filter lets through (all of them for "Any"). */
export function useFirmwareFiltered(list: PhoneView[], filter: string): PhoneView[] {
  const targets = useFirmware((s) => s.targets);
  const byId = useFirmware((s) => s.byId);
  return useMemo(
    () => (filter === '' ? list : list.filter((p) => matchesFirmware(p, filter as FirmwareFilter, { targets, byId }))),
    [list, filter, targets, byId],
  );
}
