/**
 * The firmware library and targets as the server has them. Which phones are upgrading right now is
 * each phone's flow state (`flow.upgradingTo`, shared/flow/machine.ts): kept by the server, so it
 * survives a reload, and followed live from the step events like the rest of the flow.
 */
import { create } from 'zustand';
import type { PhoneView } from '../../shared/api/views';
import type { FirmwareEntry, FirmwareTarget } from '../../shared/firmware/library';
import { resolveFirmware, type FirmwareStanding } from '../../shared/firmware/targets';
import { api } from '../api/api';
import { onServerEvent, useStream } from './sync';

export interface FirmwareState {
  entries: FirmwareEntry[];
  byId: ReadonlyMap<string, FirmwareEntry>;
  targets: FirmwareTarget[];
  loaded: boolean;
  set(entries: FirmwareEntry[], targets: FirmwareTarget[]): void;
}

export const useFirmware = create<FirmwareState>()((set) => ({
  entries: [],
  byId: new Map(),
  targets: [],
  loaded: false,
  set: (entries, targets) => set({ entries, targets, byId: new Map(entries.map((e) => [e.id, e])), loaded: true }),
}));

export async function loadFirmware(): Promise<void> {
  const [entries, targets] = await Promise.all([api().listFirmware(), api().listFirmwareTargets()]);
  useFirmware.getState().set(entries, targets);
}

// Loaded whenever the event stream (re)opens, like the other stores (stores/sync.ts).
useStream.subscribe((now, before) => {
  if (now.status === 'open' && before.status !== 'open') void loadFirmware().catch(() => undefined);
});

onServerEvent((event) => {
  if (event.type === 'firmware-changed') void loadFirmware().catch(() => undefined);
});

/** Whether the phone is downloading or installing firmware now. */
export const isUpgrading = (phone: PhoneView): boolean => phone.flow.upgradingTo !== undefined;

/** Standing per phone object, recomputed when the phone, the targets or the library change. */
const memo = new WeakMap<PhoneView, { targets: FirmwareTarget[]; standing: FirmwareStanding; target?: FirmwareEntry }>();

export function standingOf(
  phone: PhoneView,
  state: Pick<FirmwareState, 'targets' | 'byId'>,
): { standing: FirmwareStanding; target?: FirmwareEntry } {
  const hit = memo.get(phone);
  if (hit && hit.targets === state.targets) return hit;
  const resolved = resolveFirmware(state.targets, state.byId, phone);
  memo.set(phone, { targets: state.targets, ...resolved });
  return resolved;
}

export const FIRMWARE_FILTERS = ['', 'below', 'upgrading', 'current', 'none'] as const;
export type FirmwareFilter = (typeof FIRMWARE_FILTERS)[number];
export const FIRMWARE_FILTER_LABELS: Record<FirmwareFilter, string> = {
  '': 'Any',
  below: 'Below target',
  upgrading: 'Upgrading',
  current: 'At target',
  none: 'No target',
};

export function matchesFirmware(phone: PhoneView, filter: FirmwareFilter, state: Pick<FirmwareState, 'targets' | 'byId'>): boolean {
  if (filter === '') return true;
  if (filter === 'upgrading') return isUpgrading(phone);
  const { standing } = standingOf(phone, state);
  if (filter === 'below') return standing === 'below' || standing === 'unknown';
  if (filter === 'current') return standing === 'current' || standing === 'above';
  return standing === 'none';
}
