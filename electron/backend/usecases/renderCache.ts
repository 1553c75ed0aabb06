/**
 * The provisioning files' caches of one backend, built by `startBackend`: each rendered file, and
 * what each (phone, file name, User-Agent) request meant. Entries carry the render epoch and the
 * phone object they were made from, so a change anywhere they depend on makes them stale.
 */
import type { Phone } from '../../../shared/domain/phone';
import type { resolveFileWithDialect } from '../../../shared/dialects/registry';
import type { StepEvent } from '../../../shared/flow/steps';
import type { factsFromAgent } from './callers';

/** One provisioning file as rendered for one phone. */
export interface Rendered {
  epoch: number;
  /** The phone as it was when rendered: a save replaces the object, so a changed phone renders anew. */
  phone: Phone;
  body: string;
  bytes: Buffer;
  notApplied: number;
}

/** What one request for a file meant, kept while the phone and the render epoch stay the same. */
export interface Understood {
  /** The phone as it was when understood (see Rendered.phone). */
  phone: Phone;
  agentFacts: Omit<ReturnType<typeof factsFromAgent>, 'mac'>;
  mismatch: string | undefined;
  resolved: ReturnType<typeof resolveFileWithDialect>;
  probe: boolean;
  /** The rendered file this request gets and the detail its timeline event carries, once known. */
  served?: { rendered: Rendered; detail: NonNullable<StepEvent['detail']> };
}

export class RenderCache {
  readonly rendered = new Map<string, Rendered>();
  private understoodEpoch = -1;
  private understood = new Map<string, Understood>();

  constructor(readonly understoodLimit = 20_000) {}

  /** The request memo for this render epoch: started anew when the epoch moved or it grew past its limit. */
  requestsAt(epoch: number): Map<string, Understood> {
    if (this.understoodEpoch !== epoch || this.understood.size > this.understoodLimit) {
      this.understoodEpoch = epoch;
      this.understood = new Map();
    }
    return this.understood;
  }
}
