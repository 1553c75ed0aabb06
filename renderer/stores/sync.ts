/**
 * Keeps the stores in step with the server: a full load on every (re)connection of the event
 * stream, then events. Step events are batched (one store update per 100 ms at most), so 1,000
 * phones booting at once do not re-render the UI 7,000 times.
 */
import { api } from '../api/api';
import type { Connection } from '../api/connection';
import { toUserError } from '../api/errors';
import { openEventStream, type StreamStatus } from '../api/sse';
import type { ServerEvent } from '../../shared/api/events';
import type { StepEvent } from '../../shared/flow/steps';
import { create } from 'zustand';
import { usePhones } from './phones';
import { useData } from './data';
import { usePbxLink } from './pbxLink';
import { useReprovisions } from './reprovisions';

export const useStream = create<{ status: StreamStatus }>()(() => ({ status: 'connecting' }));

export async function loadPhones(): Promise<void> {
  try {
    usePhones.getState().setAll(await api().listPhones());
  } catch (e) {
    usePhones.getState().setError(toUserError(e));
  }
}

export async function loadAccounts(): Promise<void> {
  useData.getState().setAccounts(await api().listAccounts());
}

export async function loadSettings(): Promise<void> {
  useData.getState().setSettings(await api().getSettings());
}

export async function loadRules(): Promise<void> {
  useData.getState().setRules(await api().listRules());
}

export async function loadDevices(): Promise<void> {
  useData.getState().setDevices(await api().inventory());
}

/** The PBX link as it is now; `pbx-link` events keep it current after that. */
export async function loadPbxLink(): Promise<void> {
  const store = usePbxLink.getState();
  const eventsAtStart = store.events;
  const r = await api().pbxRegistrations();
  store.fromLoad(r.link, r.synced, eventsAtStart);
}

/** Re-provisions under way or done since the backend started; `reprovision` events follow. */
export async function loadReprovisions(): Promise<void> {
  useReprovisions.getState().setAll(await api().listReprovisions());
}

async function loadAll(): Promise<void> {
  const info = api()
    .info()
    .then((i) => useData.getState().setInfo(i));
  await Promise.allSettled([
    loadPhones(),
    loadAccounts(),
    loadSettings(),
    loadRules(),
    loadDevices(),
    loadPbxLink(),
    loadReprovisions(),
    info,
  ]);
}

const FLUSH_MS = 100;
let pendingSteps: StepEvent[] = [];
const pendingMacs = new Set<string>();
let timer: ReturnType<typeof setTimeout> | undefined;

async function refreshPhones(macs: string[]): Promise<void> {
  if (macs.length > 40) return loadPhones();
  const found = await Promise.all(
    macs.map((mac) =>
      api()
        .getPhone({ params: { mac } })
        .then((p) => ({ mac, phone: p }))
        .catch(() => ({ mac, phone: undefined })),
    ),
  );
  const store = usePhones.getState();
  store.upsert(found.flatMap((f) => (f.phone ? [f.phone] : [])));
  store.remove(found.filter((f) => !f.phone).map((f) => f.mac));
}

function flush(): void {
  timer = undefined;
  const steps = pendingSteps;
  pendingSteps = [];
  const macs = [...pendingMacs];
  pendingMacs.clear();
  usePhones.getState().applySteps(steps);
  if (macs.length > 0) void refreshPhones(macs);
}

function schedule(): void {
  timer ??= setTimeout(flush, FLUSH_MS);
}

type RawListener = (event: { type: string } & Record<string, unknown>) => void;
const rawListeners = new Set<RawListener>();

/** Events this file does not handle itself (a sweep's progress, for one): screens listen here. */
export function onServerEvent(listener: RawListener): () => void {
  rawListeners.add(listener);
  return () => rawListeners.delete(listener);
}

export function handleEvent(event: ServerEvent): void {
  for (const l of rawListeners) l(event as unknown as { type: string } & Record<string, unknown>);
  switch (event.type) {
    case 'step':
      pendingSteps.push(event.event);
      schedule();
      return;
    case 'phones-changed':
      for (const m of event.macs) pendingMacs.add(m);
      schedule();
      return;
    case 'accounts-changed':
      void loadAccounts().catch(() => undefined);
      return;
    case 'rules-changed':
      void loadRules().catch(() => undefined);
      return;
    case 'settings-changed':
      void loadSettings().catch(() => undefined);
      return;
    case 'device':
      useData.getState().upsertDevice(event.device);
      return;
    case 'pbx-link':
      usePbxLink.getState().fromEvent(event.link, event.synced);
      return;
    case 'reprovision':
      useReprovisions.getState().upsert(event.reprovision);
      return;
  }
}

export function startSync(conn: Connection): () => void {
  return openEventStream(conn, {
    onEvent: handleEvent,
    onStatus: (status) => useStream.setState({ status }),
    onOpen: () => void loadAll(),
  });
}
