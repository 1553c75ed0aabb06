/**
 * Per-address failure buckets: each address may fail (unknown token or MAC, wrong serial or
 * password) `maxFailures` times, refilled evenly over `windowMs`; the failure that empties its
 * bucket locks it out for `lockMs`. Successful requests cost nothing here, so a phone fetching
 * its own files is never slowed down. IPv6 addresses count per /64, since one host owns a /64.
 */
export interface FailurePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

interface Bucket {
  tokens: number;
  updated: number;
  lockedUntil: number;
}

/** The key an address is counted under. */
export function addressKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::', 2);
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return (
    groups
      .slice(0, 4)
      .map((g) => g.replace(/^0+(?=.)/, ''))
      .join(':') + '::/64'
  );
}

export class FailureBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private locked = 0;

  constructor(private readonly maxEntries = 50_000) {}

  /** Milliseconds left of the address's lock-out, 0 when it may go on. Cheap when nobody is locked. */
  lockedFor(ip: string, now = Date.now()): number {
    if (this.locked === 0) return 0;
    const b = this.buckets.get(addressKey(ip));
    if (!b || b.lockedUntil <= now) return 0;
    return b.lockedUntil - now;
  }

  /** Counts one failure; returns true when this failure locked the address out. */
  fail(ip: string, policy: FailurePolicy, now = Date.now()): boolean {
    const key = addressKey(ip);
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxEntries) this.evict(now);
      b = { tokens: policy.maxFailures, updated: now, lockedUntil: 0 };
      this.buckets.set(key, b);
    }
    if (b.lockedUntil > now) return false;
    if (b.lockedUntil !== 0) {
      b.lockedUntil = 0;
      this.locked--;
      b.tokens = policy.maxFailures;
    }
    const refill = ((now - b.updated) / policy.windowMs) * policy.maxFailures;
    b.tokens = Math.min(policy.maxFailures, b.tokens + refill);
    b.updated = now;
    b.tokens -= 1;
    if (b.tokens >= 0) return false;
    b.lockedUntil = now + policy.lockMs;
    this.locked++;
    return true;
  }

  /** Lifts every lock-out (the technician asked, or the policy was turned off). */
  clear(): void {
    this.buckets.clear();
    this.locked = 0;
  }

  /** Addresses locked out now, with when each lock ends. */
  lockedOut(now = Date.now()): { address: string; until: string }[] {
    const out: { address: string; until: string }[] = [];
    for (const [address, b] of this.buckets) if (b.lockedUntil > now) out.push({ address, until: new Date(b.lockedUntil).toISOString() });
    return out;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Makes room: drops buckets not locked out, oldest first; a flood of addresses cannot grow memory. */
  private evict(now: number): void {
    let dropped = 0;
    for (const [key, b] of this.buckets) {
      if (b.lockedUntil > now) continue;
      if (b.lockedUntil !== 0) this.locked--;
      this.buckets.delete(key);
      if (++dropped >= this.maxEntries / 10) return;
    }
    if (dropped === 0) {
      const first = this.buckets.keys().next();
      if (!first.done) {
        this.buckets.delete(first.value);
        this.locked = Math.max(0, this.locked - 1);
      }
    }
  }
}
