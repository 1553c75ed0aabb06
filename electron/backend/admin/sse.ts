/** The server-sent-events stream of ServerEvents for the UI. */
import type { RequestHandler } from 'express';
import type { ServerEvent } from '../../../shared/api/events';
import type { EventBus } from '../events/bus';

/** `replay`: events still true when a stream connects (faults that last), sent first. */
export function eventStream(bus: EventBus, replay: () => ServerEvent[] = () => []): RequestHandler {
  return (req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    for (const event of replay()) res.write(`data: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = bus.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  };
}
