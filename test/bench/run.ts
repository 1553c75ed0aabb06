/**
 * `npm run bench`: every benchmark, each printing its figures as ratios against a reference
 * measured in the same run. `npm run bench -- provisioning` runs one.
 * Benchmarks send traffic only to loopback and to network-namespace hosts they create.
 */
export {};

const BENCHES: Record<string, () => Promise<{ run(): Promise<boolean | void> }>> = {
  provisioning: () => import('./provisioning'),
  soak: () => import('./soak'),
  registration: () => import('./registration'),
  discovery: () => import('./discovery'),
  startup: () => import('./startup'),
  ui: () => import('./ui'),
  firmware: () => import('./firmware'),
};

const wanted = process.argv.slice(2);
let allMet = true;
for (const [name, load] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== ${name}`);
  try {
    const met = await (await load()).run();
    if (met === false) allMet = false;
  } catch (error) {
    allMet = false;
    console.log(`${name}: could not run: ${(error as Error).message}`);
  }
}
console.log(`\nbench: ${allMet ? 'all targets met' : 'some targets not met (see above)'}`);
process.exit(allMet ? 0 : 1);
