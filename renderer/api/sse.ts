/**
 * The server's event stream, read with fetch so the token goes in the Authorization header
 * (EventSource cannot send headers, and the token must never go in a URL). Reconnects with
 * back-off; `onOpen` fires on every (re)connection so the caller can reload what it missed.
 */
import { serverEventSchema, type ServerEvent } from '../../shared/api/events';
import { EVENTS_PATH } from '../../shared/api/contract';
import { parseSseChunk } from '../../shared/api/sse';
import type { Connection } from './connection';

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

export interface StreamHandlers {
  onEvent(event: ServerEvent): void;
  onStatus(status: StreamStatus): void;
  onOpen(): void;
}

export function openEventStream(conn: Connection, handlers: StreamHandlers): () => void {
  const abort = new AbortController();
  let stopped = false;
  let delay = 500;

  const run = async () => {
    handlers.onStatus('connecting');
    while (!stopped) {
      try {
        const res = await window.fetch(conn.baseUrl + EVENTS_PATH, {
          headers: { Authorization: `Bearer ${conn.token}`, Accept: 'text/event-stream' },
          cache: 'no-store',
          signal: abort.signal,
        });
        if (res.status === 401) {
          handlers.onStatus('unauthorized');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        handlers.onStatus('open');
        handlers.onOpen();
        delay = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer = parseSseChunk(buffer + value, (data) => {
            try {
              const parsed = serverEventSchema.safeParse(JSON.parse(data));
              if (parsed.success) handlers.onEvent(parsed.data);
            } catch {
              // A line that is not JSON is ignored, as the SSE format allows.
            }
          });
        }
      } catch {
        if (stopped) return;
      }
      if (stopped) return;
      handlers.onStatus('reconnecting');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 8000);
    }
  };
  void run();
  return () => {
    stopped = true;
    abort.abort();
  };
}
