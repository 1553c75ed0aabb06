/**
 * Faults the technician must hear of, kept while they last: a full disk (writes answer 507 until
 * space is back), a write that failed otherwise, and internal faults caught by the last-resort
 * handlers (an uncaught exception or rejection: logged, shown, and the app goes on serving).
 * Each is logged, published on the event stream (`fault`, then `fault-cleared`), and replayed to
 * a stream that connects while it lasts.
 */
import type { Fault, ServerEvent } from '../../shared/api/events';
import type { EventBus } from './events/bus';
import type { Logger } from './log';

export type FaultKind = Fault['kind'];

const HINTS: Record<FaultKind, string> = {
  disk_full:
    "Free some space on the disk that holds the app's data folder. Changes made meanwhile were refused, not saved; saving works again as soon as there is space.",
  write_failed: 'The disk refused a write: check the disk, then try the change again. Nothing refused was saved.',
  internal: 'The app goes on serving. If this happens again, export the logs and report it.',
};

/** Same fault, same message, within this time: logged and shown once. */
const REPEAT_MS = 10_000;

export class Faults {
  private readonly active = new Map<FaultKind, Fault>();
  private lastRaised = new Map<FaultKind, number>();

  constructor(
    private readonly bus: EventBus,
    private readonly log: Logger,
  ) {}

  raise(kind: FaultKind, message: string, now = Date.now()): void {
    const current = this.active.get(kind);
    if (current?.message === message && now - (this.lastRaised.get(kind) ?? 0) < REPEAT_MS) return;
    const fault: Fault = { kind, message, hint: HINTS[kind], at: new Date(now).toISOString() };
    this.active.set(kind, fault);
    this.lastRaised.set(kind, now);
    this.log.error(kind === 'internal' ? 'internal fault' : 'write fault', { kind, message });
    this.bus.publish({ type: 'fault', fault });
  }

  clear(kind: FaultKind): void {
    if (!this.active.delete(kind)) return;
    this.log.info('fault cleared', { kind });
    this.bus.publish({ type: 'fault-cleared', kind });
  }

  list(): Fault[] {
    return [...this.active.values()];
  }

  /** For a stream that connects: every fault that lasts, and every kind that is clear (it may have missed the clearing). */
  replay(): ServerEvent[] {
    const kinds: FaultKind[] = ['disk_full', 'write_failed', 'internal'];
    return [
      ...kinds.filter((k) => !this.active.has(k)).map((kind): ServerEvent => ({ type: 'fault-cleared', kind })),
      ...this.list().map((fault): ServerEvent => ({ type: 'fault', fault })),
    ];
  }
}

/**
 * Every running backend's faults, for the process-wide last-resort handlers: an uncaught error
 * belongs to the process, not to one backend. Each backend's own `Faults` is a service
 * (`ctx.services.faults`), built and registered here by `startBackend`.
 */
const running = new Set<Faults>();

export function registerFaults(faults: Faults): () => void {
  running.add(faults);
  return () => running.delete(faults);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

let installed = false;

/**
 * Last-resort handlers for the process (headless mode and the Electron main process install them
 * once): an uncaught exception or unhandled rejection is logged with its stack, shown in the UI
 * as an internal fault, and the app goes on serving: one bad datagram or request never stops it.
 */
export function installLastResortHandlers(log: Logger): void {
  if (installed) return;
  installed = true;
  const handle = (origin: string) => (error: unknown) => {
    try {
      log.error('uncaught fault, the app goes on', {
        origin,
        error: describe(error),
        stack: error instanceof Error ? (error.stack ?? '').split('\n').slice(0, 8).join('\n') : undefined,
      });
      for (const faults of running) faults.raise('internal', `An internal error was caught (${describe(error).slice(0, 200)})`);
    } catch {
      // The handler itself must never throw.
    }
  };
  process.on('uncaughtException', handle('uncaughtException'));
  process.on('unhandledRejection', handle('unhandledRejection'));
}
