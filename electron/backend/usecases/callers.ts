/**
 * Phones that call in feed discovery: every RPS or provisioning request tells an IP and a
 * User-Agent; the User-Agent often names vendor, model, firmware and MAC. A caller that gives no
 * MAC at all is looked up in the neighbour table (only on a subnet of our own interfaces).
 *
 * The device listener hands such callers over with `noteCallerLater`: after the answer is on its
 * way, at most once per address per `CALLER_WINDOW_MS`, with at most `MAX_LOOKUPS_IN_FLIGHT`
 * neighbour-table lookups at a time, and an address map that never holds more than
 * `MAX_TRACKED_CALLERS` entries. A flood of bad requests costs a map lookup each, no more.
 */
import { cidrContains, cidrOf, ipToInt } from '../../../shared/discovery/ipv4';
import { parseUserAgent } from '../../../shared/discovery/userAgent';
import { looksLikePhone, vendorOfMac } from '../../../shared/discovery/vendor';
import type { Sighting, SightingSource } from '../../../shared/domain/inventory';
import { netmaskToPrefix } from '../../../shared/discovery/ipv4';
import type { Mac } from '../../../shared/mac';
import { plainAddress } from '../../../shared/net/address';
import type { Context } from '../context';
import type { Caller } from '../caller';
import { recordSighting } from './inventory';
import { rawAddresses } from '../discovery/interfaces';
import { lookupMac } from '../discovery/nodeArp';
import { LruMap } from '../../../shared/collections/lru';

type AgentFacts = Readonly<Pick<Sighting, 'vendor' | 'model' | 'firmware'> & { mac?: Mac }>;

/** The User-Agents last read: a phone sends the same one with each of its requests. */
const agentMemo = new LruMap<string, AgentFacts>(512);

/** What the User-Agent adds to a sighting of a known MAC (empty strings left out). Shared and frozen: callers copy what they keep. */
export function factsFromAgent(userAgent: string): AgentFacts {
  const known = agentMemo.get(userAgent);
  if (known) return known;
  const facts = parseUserAgent(userAgent);
  const out: AgentFacts = Object.freeze(
    facts
      ? {
          ...(facts.vendor ? { vendor: facts.vendor } : {}),
          ...(facts.model ? { model: facts.model } : {}),
          ...(facts.firmware ? { firmware: facts.firmware } : {}),
          ...(facts.mac ? { mac: facts.mac } : {}),
        }
      : {},
  );
  agentMemo.set(userAgent, out);
  return out;
}

/** Whether an address is on a directly connected subnet of this machine (not loopback). */
export function onOurLan(ip: string): boolean {
  const n = ipToInt(plainAddress(ip));
  if (n === null) return false;
  return rawAddresses().some((a) => {
    if (a.internal || (a.family !== 'IPv4' && a.family !== 4)) return false;
    const prefix = netmaskToPrefix(a.netmask);
    const c = prefix === null ? null : cidrOf(a.address, prefix);
    return c !== null && cidrContains(c, n);
  });
}

/**
 * A device called in without a MAC the app could use (a bad RPS request, an unknown file name):
 * take the MAC from its User-Agent, or from the neighbour table, and record the sighting.
 * Runs in the background: never throws, never delays the answer to the device.
 */
export async function noteCaller(ctx: Context, caller: Caller, source: SightingSource): Promise<void> {
  try {
    const ip = plainAddress(caller.ip);
    const facts = factsFromAgent(caller.userAgent);
    const mac = facts.mac ?? (onOurLan(ip) ? await boundedLookup(ctx.services.callers, ip) : null);
    if (!mac) return;
    const { mac: _m, ...rest } = facts;
    recordSighting(ctx, {
      mac,
      source,
      at: new Date().toISOString(),
      ip,
      userAgent: caller.userAgent,
      ...rest,
      vendor: rest.vendor ?? vendorOfMac(mac)?.name ?? '',
      isPhone: looksLikePhone(mac, rest.vendor),
      calledIn: !ctx.store.state.phones.has(mac),
    });
  } catch (error) {
    ctx.log.debug('could not note a caller', { error: (error as Error).message });
  }
}

/** One note per address per this many milliseconds. */
export const CALLER_WINDOW_MS = 30_000;
/** Addresses remembered at once; the oldest is forgotten first. */
export const MAX_TRACKED_CALLERS = 1024;
/** Neighbour-table lookups (each may wait up to 3 s for an answer) running at once. */
export const MAX_LOOKUPS_IN_FLIGHT = 2;

/** The bounds on noting callers, per backend. Counters are for tests and the log. */
export class CallerNotes {
  private readonly lastNoted = new Map<string, number>();
  inFlight = 0;
  /** Neighbour-table lookups started. */
  lookups = 0;
  /** Notes admitted, and notes turned away by the per-address window or the lookup cap. */
  admitted = 0;
  dropped = 0;

  constructor(
    readonly windowMs = CALLER_WINDOW_MS,
    readonly maxTracked = MAX_TRACKED_CALLERS,
    readonly maxInFlight = MAX_LOOKUPS_IN_FLIGHT,
  ) {}

  get tracked(): number {
    return this.lastNoted.size;
  }

  /** Whether a caller at `ip` may be noted now; remembers it when so. */
  admit(ip: string, now: number): boolean {
    const last = this.lastNoted.get(ip);
    if (last !== undefined && now - last < this.windowMs) {
      this.dropped++;
      return false;
    }
    // Re-inserted, so the map's order is the order of last notes and the first key the oldest.
    this.lastNoted.delete(ip);
    while (this.lastNoted.size >= this.maxTracked) {
      const oldest = this.lastNoted.keys().next().value as string;
      this.lastNoted.delete(oldest);
    }
    this.lastNoted.set(ip, now);
    this.admitted++;
    return true;
  }
}

async function boundedLookup(notes: CallerNotes, ip: string): Promise<Mac | null> {
  if (notes.inFlight >= notes.maxInFlight) {
    notes.dropped++;
    return null;
  }
  notes.inFlight++;
  notes.lookups++;
  try {
    return await lookupMac(ip);
  } finally {
    notes.inFlight--;
  }
}

/**
 * For the device listener: a request whose MAC the app cannot use (a bad RPS body, a file name
 * without a MAC, an unknown token). Returns at once; the note runs after the answer was sent, and
 * only when the address was not noted within the window. Never throws.
 */
export function noteCallerLater(ctx: Context, caller: Caller, source: SightingSource): void {
  try {
    const ip = plainAddress(caller.ip);
    if (!ip || !ctx.services.callers.admit(ip, Date.now())) return;
    setImmediate(() => void noteCaller(ctx, { ip, userAgent: caller.userAgent }, source));
  } catch (error) {
    ctx.log.debug('could not note a caller', { error: (error as Error).message });
  }
}
