/**
 * What every use case works with: the store, the event bus, the flow states and indexes derived
 * from the store, the listener URLs, a logger that never sees secrets, and the backend's services.
 * `startBackend` (backend.ts) builds each service and hands them in with `wire`; nothing here or in
 * a use case creates per-backend state on the side.
 */
import { foldTimeline, reduceFlow, type FlowState, INITIAL_FLOW } from '../../shared/flow/machine';
import type { StepEvent } from '../../shared/flow/steps';
import type { EventBus } from './events/bus';
import type { Logger } from './log';
import type { Store } from './store/store';
import type { Services } from './services';
import { UndoLog } from './usecases/undoLog';

export interface Urls {
  /** Base of the device-facing listener, e.g. http://192.168.1.10:8080 */
  deviceBaseUrl: string;
  rpsUrl: string;
  adminUrl: string;
}

export class Context {
  readonly flows = new Map<string, FlowState>();
  readonly tokens = new Map<string, string>();
  readonly undo = new UndoLog();
  /**
   * Bumped whenever anything every phone's files depend on changes (settings, accounts, bulk
   * edits). A single phone's save needs no bump: its cached files are tied to its stored object.
   */
  renderEpoch = 0;
  private wired: Services | undefined;

  constructor(
    readonly store: Store,
    readonly bus: EventBus,
    readonly log: Logger,
    public urls: Urls,
    readonly version: string,
  ) {
    for (const [mac, events] of store.state.timelines) this.flows.set(mac, foldTimeline(events));
    for (const phone of store.state.phones.values()) this.tokens.set(phone.token, phone.mac);
  }

  /** The services `startBackend` built for this backend (security, render cache, sweeps, ...). */
  get services(): Services {
    if (!this.wired) throw new Error('The backend services are not wired yet: startBackend wires them before any listener opens.');
    return this.wired;
  }

  /** Hands the services in, once, at start. */
  wire(services: Services): void {
    if (this.wired) throw new Error('The backend services are wired already.');
    this.wired = services;
  }

  flowOf(mac: string): FlowState {
    return this.flows.get(mac) ?? INITIAL_FLOW;
  }

  applyEvent(event: StepEvent): void {
    this.flows.set(event.mac, reduceFlow(this.flowOf(event.mac), event));
  }
}
