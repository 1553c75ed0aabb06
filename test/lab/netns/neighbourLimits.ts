/**
 * The host's neighbour-table limits (gc_thresh1/2/3). A /22 lab holds about 1000 neighbours,
 * near the default hard limit of 1024: the test raises the limits and puts them back after.
 */
import { readFile, writeFile } from 'node:fs/promises';

const DIR = '/proc/sys/net/ipv4/neigh/default';
const KEYS = ['gc_thresh1', 'gc_thresh2', 'gc_thresh3'] as const;
export type Thresholds = Record<(typeof KEYS)[number], number>;

export async function readThresholds(): Promise<Thresholds> {
  const out = {} as Thresholds;
  for (const k of KEYS) out[k] = Number((await readFile(`${DIR}/${k}`, 'utf8')).trim());
  return out;
}

export async function writeThresholds(t: Thresholds): Promise<void> {
  // Raise the hard limit first and lower it last, so the kernel never sees 1 > 2 > 3.
  const order = t.gc_thresh3 >= (await readThresholds()).gc_thresh3 ? (['gc_thresh3', 'gc_thresh2', 'gc_thresh1'] as const) : KEYS;
  for (const k of order) await writeFile(`${DIR}/${k}`, String(t[k]));
}

/** Raises the limits to at least `entries` neighbours; returns a function that restores them. */
export async function raiseNeighbourLimits(entries: number): Promise<() => Promise<void>> {
  const before = await readThresholds();
  const want: Thresholds = {
    gc_thresh1: Math.max(before.gc_thresh1, entries),
    gc_thresh2: Math.max(before.gc_thresh2, entries * 2),
    gc_thresh3: Math.max(before.gc_thresh3, entries * 4),
  };
  await writeThresholds(want);
  return () => writeThresholds(before);
}
