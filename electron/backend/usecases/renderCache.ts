/**
 * The provisioning files' caches of one backend, built by `startBackend`: each rendered file, and
 * what each (file name, User-Agent) request meant, per phone. A phone's entry carries the render
 * epoch and the phone object it was made from, so a change anywhere its files depend on starts it
 * anew.
 *
 * Entries are bounded (least recently used phone first out): a phone fetches its files within
 * seconds of each other and then not again until it resyncs, so what is worth keeping is the files
 * of the phones provisioning now. A phone that comes back later gets its files rendered again,
 * which costs less than a millisecond; a 5000-phone site no longer keeps every file it ever served.
 */
import type { Phone } from '../../../shared/domain/phone';
import type { resolveFileWithDialect } from '../../../shared/dialects/registry';
import type { StepEvent } from '../../../shared/flow/steps';
import { LruMap } from '../../../shared/collections/lru';
import type { factsFromAgent } from './callers';

/** One provisioning file as rendered for one phone (for the epoch and phone object of its entry). */
export interface Rendered {
  /** The body as sent (UTF-8). */
  bytes: Buffer;
  /** The body's length in characters, as the timeline event's detail says it. */
  chars: number;
  notApplied: number;
}

/** What one request for a file meant, kept while the phone and the render epoch stay the same. */
export interface Understood {
  agentFacts: Omit<ReturnType<typeof factsFromAgent>, 'mac'>;
  mismatch: string | undefined;
  resolved: ReturnType<typeof resolveFileWithDialect>;
  probe: boolean;
  /** The rendered file this request gets and the detail its timeline event carries, once known. */
  served?: { rendered: Rendered; detail: NonNullable<StepEvent['detail']> };
}

/** One phone's share of the caches, for one render epoch and one saved phone object. */
export interface PhoneFiles {
  epoch: number;
  /** The phone as it was when the entry was made: a save replaces the object, so a changed phone starts anew. */
  phone: Phone;
  /** What each request meant, by file name and User-Agent. */
  understood: Map<string, Understood>;
  /** Each rendered file, by dialect and file name. */
  rendered: Map<string, Rendered>;
}

/** Phones whose files are kept: about the last 1000 that fetched (3 files each). */
export const PHONES_LIMIT = 1000;
/** Requests one phone's entry remembers (a phone asks for 3-6 names; a probe for more starts it anew). */
export const REQUESTS_PER_PHONE = 32;

/**
 * Kept per phone, least recently used phone first out: a request looks its phone up by MAC (a
 * short key, hashed once) and then its file among the few that phone asked for.
 */
export class RenderCache {
  private readonly phones: LruMap<string, PhoneFiles>;

  constructor(readonly limit = PHONES_LIMIT) {
    this.phones = new LruMap(limit);
  }

  get size(): number {
    return this.phones.size;
  }

  /** The phone's entry for this epoch and this phone object; a new, empty one when either changed. */
  of(phone: Phone, epoch: number): PhoneFiles {
    const found = this.phones.get(phone.mac);
    if (found && found.epoch === epoch && found.phone === phone) {
      if (found.understood.size >= REQUESTS_PER_PHONE) found.understood.clear();
      return found;
    }
    const fresh: PhoneFiles = { epoch, phone, understood: new Map(), rendered: new Map() };
    this.phones.set(phone.mac, fresh);
    return fresh;
  }
}
