/**
 * The link to the PBX as the server last told it: read once on each (re)connection of the event
 * stream (GET /api/v1/pbx/registrations), then kept current by `pbx-link` events. No polling.
 */
import { create } from 'zustand';
import type { LinkStateView } from '../../shared/pbx/views';

export interface PbxLinkState {
  /** Unknown until the first load or event. */
  link?: LinkStateView;
  /** True once the PBX's contact list was read since the link last came up. */
  synced: boolean;
  /** How many `pbx-link` events arrived: a load started before the latest one is older news. */
  events: number;
  /** A `pbx-link` event: always the newest word. */
  fromEvent(link: LinkStateView, synced: boolean): void;
  /** A load's answer; dropped when an event arrived after the load began (`eventsAtStart`). */
  fromLoad(link: LinkStateView, synced: boolean, eventsAtStart: number): void;
}

export const usePbxLink = create<PbxLinkState>()((set) => ({
  synced: false,
  events: 0,
  fromEvent: (link, synced) => set((s) => ({ link, synced, events: s.events + 1 })),
  fromLoad: (link, synced, eventsAtStart) => set((s) => (s.events === eventsAtStart ? { link, synced } : {})),
}));
