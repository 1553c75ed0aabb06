/** The one discovery sweep of a backend (running or last finished), built by `startBackend`. */
import type { SweepStatus } from '../../../shared/discovery/sweepStatus';

export interface RunningSweep {
  status: SweepStatus;
  controller: AbortController;
  done: Promise<void>;
}

export class SweepRunner {
  current: RunningSweep | undefined;

  /** Cancels a running sweep and waits for it to end (on shutdown). */
  async stop(): Promise<void> {
    const s = this.current;
    if (!s) return;
    s.controller.abort();
    await s.done;
  }
}
