/**
 * What every use case works with: the store, the event bus, the flow states and indexes derived
 * from the store, the listener URLs, and a logger that never sees secrets.
 */
import { foldTimeline, reduceFlow, type FlowState, INITIAL_FLOW } from '../../shared/flow/machine';
import type { StepEvent } from '../../shared/flow/steps';
import type { EventBus } from './events/bus';
import type { Logger } from './log';
import type { Store } from './store/store';
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

  flowOf(mac: string): FlowState {
    return this.flows.get(mac) ?? INITIAL_FLOW;
  }

  applyEvent(event: StepEvent): void {
    this.flows.set(event.mac, reduceFlow(this.flowOf(event.mac), event));
  }
}
