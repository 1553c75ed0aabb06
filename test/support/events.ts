/** Reads the admin SSE stream as the UI does, keeping every event, for a test to wait on. */
import assert from 'node:assert/strict';
import { EVENTS_PATH } from '../../shared/api/contract';
import { serverEventSchema, type ServerEvent } from '../../shared/api/events';
import { parseSseChunk } from '../../shared/api/sse';

export interface EventReader {
  /** Every event so far, in the order the stream sent them. */
  readonly events: ServerEvent[];
  /** The raw text of the stream so far (to check what must never be in it). */
  readonly text: () => string;
  /** Resolves with the first event from index `from` on that matches; rejects after `timeoutMs`. */
  next<T extends ServerEvent>(what: string, match: (e: ServerEvent) => e is T, options?: { from?: number; timeoutMs?: number }): Promise<T>;
  next(what: string, match: (e: ServerEvent) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<ServerEvent>;
  close(): void;
}

export async function readEvents(server: { adminUrl: string; adminToken: string }): Promise<EventReader> {
  const controller = new AbortController();
  const res = await fetch(server.adminUrl + EVENTS_PATH, {
    headers: { Authorization: `Bearer ${server.adminToken}`, Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const events: ServerEvent[] = [];
  const waiters = new Set<() => void>();
  let raw = '';
  let buffer = '';
  let ended: Error | undefined;
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true });
        raw += text;
        buffer += text;
        // Every event must fit the shared schema, as the UI parses it.
        buffer = parseSseChunk(buffer, (data) => events.push(serverEventSchema.parse(JSON.parse(data))));
        for (const w of waiters) w();
      }
      ended = new Error('the event stream ended');
    } catch (error) {
      ended = error as Error;
    }
    for (const w of waiters) w();
  })();

  const next = (what: string, match: (e: ServerEvent) => boolean, options: { from?: number; timeoutMs?: number } = {}) =>
    new Promise<ServerEvent>((resolve, reject) => {
      const check = () => {
        const found = events.slice(options.from ?? 0).find(match);
        if (found) done(() => resolve(found));
        else if (ended) done(() => reject(new Error(`waiting for ${what}: ${ended?.message}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events.slice(-10))}`))),
        options.timeoutMs ?? 10_000,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });

  return {
    events,
    text: () => raw,
    next: next as EventReader['next'],
    close: () => controller.abort(),
  };
}
