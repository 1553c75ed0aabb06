/** In-process publish/subscribe for ServerEvents: the SSE stream, monitors and tests listen here. */
import type { ServerEvent } from '../../../shared/api/events';

export type Listener = (event: ServerEvent) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: ServerEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken listener must not stop the others or the request that published.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
