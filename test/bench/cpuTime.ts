/**
 * CPU time per process over a phase of a benchmark, read from /proc (Linux), so a bench can say
 * where a wall-clock figure went: the virtual phones (this process), the app, Asterisk.
 */
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** User plus system CPU time of a process in ms, or NaN when /proc cannot tell. */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ") ": utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return NaN;
  }
}

function selfMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export type CpuSample = Record<string, number>;

/** CPU time used by each named process between `start()` and the returned function's call. */
export function cpuMeter(others: Record<string, number | undefined>): { start(): void; stop(): CpuSample } {
  const read = (): CpuSample => ({
    phones: selfMs(),
    ...Object.fromEntries(Object.entries(others).map(([name, pid]) => [name, cpuMsOf(pid)])),
  });
  let before: CpuSample = read();
  return {
    start: () => {
      before = read();
    },
    stop: () => {
      const after = read();
      return Object.fromEntries(Object.entries(after).map(([name, ms]) => [name, ms - (before[name] ?? NaN)]));
    },
  };
}

/** "900 ms", or "?" when the figure could not be read. */
export function cpuText(ms: number | undefined): string {
  return ms === undefined || Number.isNaN(ms) ? '?' : `${ms.toFixed(0)} ms`;
}

/** "phones 900 ms, app 1200 ms, Asterisk 150 ms" */
export function describeCpu(sample: CpuSample): string {
  return Object.entries(sample)
    .map(([name, ms]) => `${name} ${cpuText(ms)}`)
    .join(', ');
}

/**
 * Waits until every named process is quiet (under 5 % of a core over half a second), at most
 * `maxMs`, so that a measured phase does not start while work left from the previous one (a
 * batched read the last phase set off) is still running. Resolves with the time it waited.
 */
export async function quiet(pids: readonly (number | undefined)[], maxMs = 10_000): Promise<number> {
  const windowMs = 500;
  const started = performance.now();
  for (;;) {
    const before = pids.map(cpuMsOf);
    await new Promise((r) => setTimeout(r, windowMs));
    const busy = pids.map((pid, i) => cpuMsOf(pid) - (before[i] as number));
    if (busy.every((ms) => !(ms > windowMs * 0.05)) || performance.now() - started > maxMs) return performance.now() - started;
  }
}
