/** What the store holds, and the schema it is validated against on load. */
import { z } from 'zod';
import { accountSchema, type Account } from '../../../shared/domain/account';
import { deviceSchema, type Device } from '../../../shared/domain/inventory';
import { phoneSchema, type Phone } from '../../../shared/domain/phone';
import { redirectRuleSchema, type RedirectRule } from '../../../shared/domain/redirect';
import { settingsSchema, type Settings } from '../../../shared/domain/settings';
import { stepEventSchema, type StepEvent } from '../../../shared/flow/steps';
import { keyTemplateSchema, type KeyTemplate } from '../../../shared/domain/template';

export const SCHEMA_VERSION = 1;

export const snapshotSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** Sequence number of the last journal entry folded into this snapshot. */
  opSeq: z.number().int().nonnegative(),
  eventSeq: z.number().int().nonnegative(),
  phones: z.array(phoneSchema),
  accounts: z.array(accountSchema),
  rules: z.array(redirectRuleSchema),
  settings: settingsSchema,
  devices: z.array(deviceSchema),
  timelines: z.record(z.string(), z.array(stepEventSchema)),
  templates: z.array(keyTemplateSchema).default([]),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/** The live, indexed form of a snapshot. */
export interface State {
  opSeq: number;
  eventSeq: number;
  phones: Map<string, Phone>;
  accounts: Map<string, Account>;
  rules: RedirectRule[];
  settings: Settings;
  devices: Map<string, Device>;
  timelines: Map<string, StepEvent[]>;
  templates: Map<string, KeyTemplate>;
}

/** A timeline event as the store holds it: replaced, never changed in place. */
export type StoredEvent = Readonly<Omit<StepEvent, 'detail'>> & { readonly detail?: Readonly<NonNullable<StepEvent['detail']>> };

/**
 * The state as callers see it: read-only, so the compiler keeps every change going through the
 * store (commit/record for what is journalled, touchDevice/foldTimeline for the in-memory hot path).
 */
export interface ReadState {
  readonly opSeq: number;
  readonly eventSeq: number;
  readonly phones: ReadonlyMap<string, Phone>;
  readonly accounts: ReadonlyMap<string, Account>;
  readonly rules: readonly RedirectRule[];
  readonly settings: Settings;
  readonly devices: ReadonlyMap<string, Readonly<Device>>;
  readonly timelines: ReadonlyMap<string, readonly StoredEvent[]>;
  readonly templates: ReadonlyMap<string, KeyTemplate>;
}

export function emptyState(): State {
  return {
    opSeq: 0,
    eventSeq: 0,
    phones: new Map(),
    accounts: new Map(),
    rules: [],
    settings: settingsSchema.parse({}),
    devices: new Map(),
    timelines: new Map(),
    templates: new Map(),
  };
}

export function toSnapshot(state: State): Snapshot {
  return {
    schemaVersion: SCHEMA_VERSION,
    opSeq: state.opSeq,
    eventSeq: state.eventSeq,
    phones: [...state.phones.values()],
    accounts: [...state.accounts.values()],
    rules: state.rules,
    settings: state.settings,
    devices: [...state.devices.values()],
    // Copies: a timeline grows in place, and a snapshot is encoded over several turns of the event loop.
    timelines: Object.fromEntries([...state.timelines].map(([mac, events]) => [mac, events.slice()])),
    templates: [...state.templates.values()],
  };
}

export function fromSnapshot(snapshot: Snapshot): State {
  return {
    opSeq: snapshot.opSeq,
    eventSeq: snapshot.eventSeq,
    phones: new Map(snapshot.phones.map((p) => [p.mac, p])),
    accounts: new Map(snapshot.accounts.map((a) => [a.id, a])),
    rules: snapshot.rules,
    settings: snapshot.settings,
    devices: new Map(snapshot.devices.map((d) => [d.mac, d])),
    timelines: new Map(Object.entries(snapshot.timelines)),
    templates: new Map(snapshot.templates.map((t) => [t.id, t])),
  };
}
