/**
 * The digest nonces of one backend: stateless to issue (a timestamp, a serial number so that two
 * nonces issued in the same millisecond differ, and an HMAC over both and the phone's MAC, so a
 * nonce is good only for the phone it was issued for), and remembered once used,
 * so that each answer's nonce count (nc) is new: a replayed Authorization is refused. Counts may
 * arrive a little out of order (a phone fetching two files at once over two connections), so a
 * count is accepted when it was not seen before and is no more than WINDOW below the highest seen.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How far below the highest count seen a new count may be (parallel requests). */
const WINDOW = 16;

export type NonceVerdict = 'ok' | 'stale' | 'bad' | 'replayed';

interface Used {
  issuedMs: number;
  highest: number;
  /** Counts seen within WINDOW of the highest. */
  seen: Set<number>;
}

export class DigestNonces {
  private readonly key = randomBytes(32);
  private readonly used = new Map<string, Used>();
  /** Nonces issued before this were forgotten to make room: they count as stale. */
  private floorMs = 0;

  constructor(
    /** How long a nonce may be used; past it the client gets a new one (stale=true). */
    public ttlMs = 5 * 60_000,
    private readonly maxTracked = 50_000,
  ) {}

  private mac(ts: string, phoneMac: string): string {
    return createHmac('sha256', this.key).update(`${ts}.${phoneMac}`).digest('base64url').slice(0, 24);
  }

  private issued = 0;

  /** A new nonce for this phone. */
  issue(phoneMac: string, now = Date.now()): string {
    this.issued = (this.issued + 1) % 36 ** 4;
    const stamp = `${now.toString(36)}-${this.issued.toString(36)}`;
    return `${stamp}.${this.mac(stamp, phoneMac)}`;
  }

  /**
   * Checks an answer's nonce and count for this phone; records the count when good. `nc` is the
   * count as sent (8 hex digits), absent for the RFC 2069 form, which may use a nonce once.
   */
  check(nonce: string, phoneMac: string, nc: string | undefined, now = Date.now()): NonceVerdict {
    const [stamp = '', sig = ''] = nonce.split('.', 2);
    const expected = this.mac(stamp, phoneMac);
    if (sig.length !== expected.length || !timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) return 'bad';
    const issuedMs = parseInt(stamp.split('-', 1)[0] ?? '', 36);
    const age = now - issuedMs;
    if (!(age >= -5000)) return 'bad';
    if (age > this.ttlMs || issuedMs < this.floorMs) return 'stale';
    const count = nc === undefined ? 1 : parseInt(nc, 16);
    if (!(count >= 1)) return 'bad';
    let entry = this.used.get(nonce);
    if (!entry) {
      this.makeRoom(now);
      entry = { issuedMs, highest: 0, seen: new Set() };
      this.used.set(nonce, entry);
    }
    if (entry.seen.has(count) || count <= entry.highest - WINDOW) return 'replayed';
    entry.seen.add(count);
    if (count > entry.highest) {
      entry.highest = count;
      for (const n of entry.seen) if (n <= count - WINDOW) entry.seen.delete(n);
    }
    return 'ok';
  }

  get size(): number {
    return this.used.size;
  }

  /** Drops expired nonces; past the cap, the oldest too (and everything issued before them turns stale). */
  private makeRoom(now: number): void {
    if (this.used.size < this.maxTracked) return;
    for (const [nonce, u] of this.used) if (now - u.issuedMs > this.ttlMs) this.used.delete(nonce);
    while (this.used.size >= this.maxTracked) {
      const [oldest, u] = this.used.entries().next().value as [string, Used];
      this.floorMs = Math.max(this.floorMs, u.issuedMs + 1);
      this.used.delete(oldest);
    }
  }
}
