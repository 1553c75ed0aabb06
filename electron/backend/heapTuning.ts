/**
 * How the server's JavaScript heap is kept small on a laptop. Measured with 5000 phones
 * (docs/BENCHMARKS.md): the live data is about 50 MB, but V8's defaults let the heap grow to several
 * times that in garbage it keeps (a 32 MB young generation, 100% growth between collections, and no
 * collection while the server sits idle), so the resident memory was 360-400 MB.
 *
 * Set in-process, first thing at the start of the headless server and of the desktop main process
 * (flags that V8 reads at each decision, so they take effect after start, unlike
 * --max-semi-space-size which is fixed when the heap is made):
 * - `--optimize-for-size`: a young generation that shrinks back (1-8 MB instead of 32 MB) and
 *   memory-first growth heuristics;
 * - `--heap-growing-percent`: the old generation may grow by this much between collections;
 * - an idle collector: once the process has been quiet for a few seconds after the heap grew, one
 *   full collection gives the garbage of a burst back to the system (what V8's memory reducer does
 *   in a browser tab, which a quiet Node server never triggers).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';

export const HEAP_FLAGS = ['--optimize-for-size', '--heap-growing-percent=20'] as const;

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
  /** Bytes the heap (committed) grew since the last collection this collector ran. */
  grownBytes: number;
}

export const IDLE_BUSY_BELOW = 0.05;
export const IDLE_GROWN_BYTES = 16 * 2 ** 20;

/** Collect when the process is quiet and the heap grew enough since the last collection to be worth it. */
export function shouldCollect(sample: IdleSample): boolean {
  return sample.busy < IDLE_BUSY_BELOW && sample.grownBytes >= IDLE_GROWN_BYTES;
}

export interface IdleCollector {
  stop(): void;
}

type Gc = () => void;

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

/** Checks every `intervalMs` whether the process went quiet after the heap grew; then collects once. */
export function startIdleCollector(intervalMs = 5000): IdleCollector {
  const gc = gcFunction();
  if (!gc) return { stop: () => undefined };
  const committed = () => process.memoryUsage().heapTotal;
  let base = committed();
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    const total = committed();
    if (total < base) base = total;
    if (shouldCollect({ busy, grownBytes: total - base })) {
      gc();
      base = committed();
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
