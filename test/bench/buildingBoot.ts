/**
 * A building's power comes back: 5000 phones boot at once against a fresh headless server (the
 * production bundle, in its own process), with the default options of `simulate --count 5000
 * --enroll`: every phone at the same moment. Past its connection budget the device listener
 * answers 503 with Retry-After and the virtual phones retry as firmware does. Prints the time
 * until all are configured, and the target: `5000 passed, 0 failed`. The reference, in the same
 * run and against the same server, is as many other phones, fresh too, booting 500 at a time
 * (what a technician could do by hand before: `--concurrency 500`), so the ratio says what the
 * crowd costs. Both sets are enrolled before either boots, so both passes are a first boot on
 * the same server state (booting the first set again would measure a second boot instead).
 * Each pass has a time limit (`BUILDING_PASS_LIMIT_S`, 600 s): past it the bench says so instead
 * of running on. Everything on 127.0.0.1. `BUILDING_PHONES` sets the count.
 */
import { createApiClient } from '../../shared/api/client';
import { enroll } from '../../electron/sim/enroll';
import { runPhones, type RunSummary } from '../../electron/sim/runner';
import type { PhoneIdentity } from '../../electron/sim/virtualPhone';
import { startServerProcess } from './serverProcess';

const COUNT = Number(process.env['BUILDING_PHONES'] ?? 5000);
const PASS_LIMIT_MS = Number(process.env['BUILDING_PASS_LIMIT_S'] ?? 600) * 1000;

function line(what: string, s: RunSummary): string {
  return `${what}: ${s.passed} passed, ${s.failed} failed, all configured in ${(s.wallMs / 1000).toFixed(1)} s`;
}

/** One pass, or undefined when it did not end within the limit (and says so). */
async function pass(what: string, phones: PhoneIdentity[], options: Parameters<typeof runPhones>[1]): Promise<RunSummary | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), PASS_LIMIT_MS)));
  const summary = await Promise.race([runPhones(phones, options), limit]);
  clearTimeout(timer);
  if (!summary) {
    console.log(`${what}: did not finish within ${PASS_LIMIT_MS / 1000} s`);
    return undefined;
  }
  console.log(line(what, summary));
  const reasons = new Map<string, number>();
  for (const r of summary.results) if (!r.ok) reasons.set(r.reason ?? '?', (reasons.get(r.reason ?? '?') ?? 0) + 1);
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  ${n} x ${reason}`);
  return summary;
}

export async function run(): Promise<boolean> {
  const server = await startServerProcess();
  try {
    const api = createApiClient({ baseUrl: server.adminUrl, token: server.adminToken, fetch: fetch as never });
    const enrolling = performance.now();
    const crowd = await enroll(api, { count: COUNT });
    const paced = await enroll(api, { count: COUNT, start: COUNT });
    console.log(`enrolled 2 x ${COUNT} phones through the admin API in ${((performance.now() - enrolling) / 1000).toFixed(1)} s`);

    const all = await pass(`${COUNT} phones at once (default options)`, crowd, { rpsUrl: server.rpsUrl });
    const reference = await pass(`reference: ${COUNT} other phones, 500 at a time`, paced, { rpsUrl: server.rpsUrl, concurrency: 500 });
    if (all && reference) console.log(`ratio (all at once / 500 at a time): ${(all.wallMs / reference.wallMs).toFixed(2)}`);
    else console.log('ratio: not measured (a pass did not finish)');
    console.log(`server peak memory: ${server.peakMemoryMiB().toFixed(0)} MiB`);
    const met = all !== undefined && all.failed === 0 && all.passed === COUNT;
    console.log(`target ${COUNT} passed, 0 failed: ${met ? 'met' : 'NOT met'}`);
    return met;
  } finally {
    await server.stop();
  }
}
