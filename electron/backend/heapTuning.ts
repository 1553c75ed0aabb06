/**
 * How the server's JavaScript heap is kept small on a laptop without slowing it under load.
 * Measured with 5000 phones (docs/BENCHMARKS.md): the live data is about 50 MB, but after a burst
 * V8's defaults keep several times that (a young generation grown to 32 MB, old-generation pages
 * each holding a few survivors, and no collection while the server sits idle): 250-400 MB resident.
 *
 * While phones are calling, V8 runs with its defaults: a heap tuned for memory
 * (`--optimize-for-size`, a small growth step) doubled the CPU of every device request, which the
 * registration bench measures against its floors. Once the process is quiet after its heap grew,
 * the idle collector gives the burst's memory back (docs/DECISIONS.md, "The heap is left to V8
 * under load and given back when the server is quiet"):
 * - one full collection that compacts the old generation (`--compact-on-every-full-gc` for that
 *   collection only: a plain full collection frees the garbage but leaves the survivors spread
 *   over the pages they were on);
 * - then young-generation collections a little apart, until V8 shrinks the young generation (it
 *   does at a scavenge once the allocation rate it samples at each is low).
 * V8's own memory reducer does this in a browser tab; a quiet Node server never triggers it.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';

/** Flags set at start; none: V8's defaults are the fast choice under load. */
export const HEAP_FLAGS: readonly string[] = [];

/**
 * The flags to set: HEAP_FLAGS, or `DP_HEAP_FLAGS` (space-separated; empty for none) when a bench
 * measures what another choice costs.
 */
export function heapFlagsFrom(env: NodeJS.ProcessEnv): string[] {
  const given = env['DP_HEAP_FLAGS'];
  if (given === undefined) return [...HEAP_FLAGS];
  return given.split(/\s+/).filter((f) => /^--[a-z0-9-]+(=[\w.]+)?$/.test(f));
}

/**
 * Sets the heap flags and starts the idle collector (its timer does not keep the process alive;
 * `DP_IDLE_GC=off` leaves it out).
 */
export function tuneHeap(env: NodeJS.ProcessEnv = process.env): IdleCollector {
  for (const flag of heapFlagsFrom(env)) setFlagsFromString(flag);
  return env['DP_IDLE_GC'] === 'off' ? { stop: () => undefined } : startIdleCollector();
}

export interface IdleSample {
  /** Event-loop utilisation over the last interval, 0..1. */
  busy: number;
  /** Bytes the heap (committed) grew since the collector last gave memory back. */
  grownBytes: number;
  /** Bytes of the young generation now. */
  youngBytes: number;
  /** Times the young generation may still be shrunk again without the heap growing first. */
  shrinkTriesLeft: number;
}

export const IDLE_BUSY_BELOW = 0.05;
export const IDLE_GROWN_BYTES = 16 * 2 ** 20;
/** The young generation is left alone at this size or below (V8 starts it at 1 MB). */
export const YOUNG_TARGET_BYTES = 2 * 2 ** 20;
/** Attempts at shrinking the young generation after a reduction, the first included: V8 may keep it (a burst of work meanwhile). */
export const SHRINK_TRIES = 3;

export type IdleAction = 'reduce' | 'shrink' | 'none';

/**
 * What the collector does at a tick: nothing while the process is busy; `reduce` (compact, then
 * shrink the young generation) once the heap grew enough since last time; `shrink` alone when V8
 * kept the young generation large last time and tries are left.
 */
export function idleAction(sample: IdleSample): IdleAction {
  if (sample.busy >= IDLE_BUSY_BELOW) return 'none';
  if (sample.grownBytes >= IDLE_GROWN_BYTES) return 'reduce';
  if (sample.youngBytes > YOUNG_TARGET_BYTES && sample.shrinkTriesLeft > 0) return 'shrink';
  return 'none';
}

export interface IdleCollector {
  stop(): void;
}

/** `gc()` is a full collection, `gc(true)` a young-generation one. */
type Gc = (minor?: boolean) => void;

/** V8's gc function, made reachable in-process (no --expose-gc on the command line needed). */
function gcFunction(): Gc | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as Gc) : undefined;
  } catch {
    return undefined;
  }
}

function youngBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/** One full collection that compacts every old-generation page it can. */
function compactOldGeneration(gc: Gc): void {
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

/** Collections this far apart let V8 see a low allocation rate: measured, 10-15 of them shrink it. */
const MINOR_GAP_MS = 200;
const MINOR_COLLECTIONS = 20;

/**
 * Young-generation collections a little apart until V8 shrinks it; true when it did. Each costs
 * well under a millisecond on an empty young generation, and load arriving meanwhile only means
 * V8 keeps it (it samples a high allocation rate): no need to stop for it.
 */
function shrinkYoungGeneration(gc: Gc): Promise<boolean> {
  return new Promise((done) => {
    let left = MINOR_COLLECTIONS;
    const next = () => {
      if (youngBytes() <= YOUNG_TARGET_BYTES) return done(true);
      if (left <= 0) return done(false);
      left--;
      gc(true);
      setTimeout(next, MINOR_GAP_MS).unref();
    };
    setTimeout(next, MINOR_GAP_MS).unref();
  });
}

/** Checks every `intervalMs` whether the process went quiet after the heap grew; then gives the memory back. */
export function startIdleCollector(intervalMs = 5000): IdleCollector {
  const gc = gcFunction();
  if (!gc) return { stop: () => undefined };
  const committed = () => process.memoryUsage().heapTotal;
  let base = committed();
  let shrinkTriesLeft = 0;
  let working = false;
  let last = performance.eventLoopUtilization();
  /** Event-loop utilisation since the last call. */
  const busySince = () => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return busy;
  };
  const timer = setInterval(() => {
    if (working) return;
    const total = committed();
    if (total < base) base = total;
    const action = idleAction({ busy: busySince(), grownBytes: total - base, youngBytes: youngBytes(), shrinkTriesLeft });
    if (action === 'none') return;
    working = true;
    if (action === 'reduce') {
      compactOldGeneration(gc);
      shrinkTriesLeft = SHRINK_TRIES;
    }
    shrinkTriesLeft--;
    void shrinkYoungGeneration(gc).then((shrunk) => {
      if (shrunk) shrinkTriesLeft = 0;
      working = false;
      base = committed();
      busySince(); // the collector's own work is not load
    });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
