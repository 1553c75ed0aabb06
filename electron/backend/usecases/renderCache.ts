/**
 * The provisioning files' caches of one backend, built by `startBackend`: each rendered file, and
 * what each (phone, file name, User-Agent) request meant. Entries carry the render epoch and the
 * phone object they were made from, so a change anywhere they depend on makes them stale.
 *
 * Both are bounded (least recently used first out): a phone fetches its files within seconds of
 * each other and then not again until it resyncs, so what is worth keeping is the files of the
 * phones provisioning now. A phone that comes back later gets its files rendered again, which
 * costs less than a millisecond; a 5000-phone site no longer keeps every file it ever served.
 */
import type { Phone } from '../../../shared/domain/phone';
import type { resolveFileWithDialect } from '../../../shared/dialects/registry';
import type { StepEvent } from '../../../shared/flow/steps';
import { LruMap } from '../../../shared/collections/lru';
import type { factsFromAgent } from './callers';

/** One provisioning file as rendered for one phone. */
export interface Rendered {
  epoch: number;
  /** The phone as it was when rendered: a save replaces the object, so a changed phone renders anew. */
  phone: Phone;
  /** The body as sent (UTF-8). */
  bytes: Buffer;
  /** The body's length in characters, as the timeline event's detail says it. */
  chars: number;
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

/** Files kept rendered: about the files of the last 1000 phones that fetched (3 files each). */
export const RENDERED_LIMIT = 3000;

export class RenderCache {
  readonly rendered: LruMap<string, Rendered>;
  private understoodEpoch = -1;
  private understood: LruMap<string, Understood>;

  constructor(readonly limit = RENDERED_LIMIT) {
    this.rendered = new LruMap(limit);
    this.understood = new LruMap(limit);
  }

  /** The request memo for this render epoch: started anew when the epoch moved. */
  requestsAt(epoch: number): LruMap<string, Understood> {
    if (this.understoodEpoch !== epoch) {
      this.understoodEpoch = epoch;
      this.understood = new LruMap(this.limit);
    }
    return this.understood;
  }
}
