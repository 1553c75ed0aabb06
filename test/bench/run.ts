/**
 * `npm run bench`: every benchmark, each printing its figures as ratios against a reference
 * measured in the same run. `npm run bench -- provisioning` runs one.
 * Benchmarks send traffic only to loopback and to network-namespace hosts they create.
 * What each bench printed is also written into its own section of docs/BENCHMARKS.md (with the
 * date and the machine), replacing that section's previous figures; other sections are kept.
 * `npm run bench -- --no-write` leaves the file alone.
 */
import { join } from 'node:path';
import { updateBenchmarks } from './report';

const BENCHES: Record<string, () => Promise<{ run(): Promise<boolean | void> }>> = {
  provisioning: () => import('./provisioning'),
  soak: () => import('./soak'),
  registration: () => import('./registration'),
  memory: () => import('./memory'),
  discovery: () => import('./discovery'),
  startup: () => import('./startup'),
  ui: () => import('./ui'),
  building: () => import('./buildingBoot'),
  httpClient: () => import('./httpClient'),
  firmware: () => import('./firmware'),
};

const args = process.argv.slice(2);
const write = !args.includes('--no-write');
const wanted = args.filter((a) => !a.startsWith('--'));
const file = join(import.meta.dirname, '..', '..', 'docs', 'BENCHMARKS.md');
let allMet = true;
for (const [name, load] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== ${name}`);
  // Everything the bench prints is shown as it comes and kept for its section of the report.
  const printed: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => {
    printed.push(parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' '));
    log(...parts);
  };
  let met: boolean | void;
  try {
    met = await (await load()).run();
    if (met === false) allMet = false;
  } catch (error) {
    allMet = false;
    met = false;
    printed.push(`${name}: could not run: ${(error as Error).message}`);
    log(`${name}: could not run: ${(error as Error).message}`);
  } finally {
    console.log = log;
  }
  if (write) await updateBenchmarks(file, name, printed, met !== false);
}
console.log(`\nbench: ${allMet ? 'all targets met' : 'some targets not met (see above)'}`);
if (write) console.log(`figures written to docs/BENCHMARKS.md`);
process.exit(allMet ? 0 : 1);
