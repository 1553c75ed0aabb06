/**
 * A building's power comes back: 5000 phones boot at once against a fresh headless server (the
 * production bundle, in its own process), with the default options of `simulate --count 5000
 * --enroll`: every phone at the same moment. Past its connection budget the device listener
 * answers 503 with Retry-After and the virtual phones retry as firmware does. Prints the time
 * until all are configured, and the target: `5000 passed, 0 failed`. The reference, in the same
 * run and against the same server, is the same phones booting 500 at a time (what a technician
 * could do by hand before: `--concurrency 500`), so the ratio says what the crowd costs.
 * Everything on 127.0.0.1. `BUILDING_PHONES` sets the count.
 */
import { createApiClient } from '../../shared/api/client';
import { enroll } from '../../electron/sim/enroll';
import { runPhones, type RunSummary } from '../../electron/sim/runner';
import { startServerProcess } from './serverProcess';

const COUNT = Number(process.env['BUILDING_PHONES'] ?? 5000);

function line(what: string, s: RunSummary): string {
  return `${what}: ${s.passed} passed, ${s.failed} failed, all configured in ${(s.wallMs / 1000).toFixed(1)} s`;
}

export async function run(): Promise<boolean> {
  const server = await startServerProcess();
  try {
    const api = createApiClient({ baseUrl: server.adminUrl, token: server.adminToken, fetch: fetch as never });
    const enrolling = performance.now();
    const phones = await enroll(api, { count: COUNT });
    console.log(`enrolled ${COUNT} phones through the admin API in ${((performance.now() - enrolling) / 1000).toFixed(1)} s`);

    const all = await runPhones(phones, { rpsUrl: server.rpsUrl });
    console.log(line(`${COUNT} phones at once (default options)`, all));
    const reasons = new Map<string, number>();
    for (const r of all.results) if (!r.ok) reasons.set(r.reason ?? '?', (reasons.get(r.reason ?? '?') ?? 0) + 1);
    for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  ${n} x ${reason}`);

    const paced = await runPhones(phones, { rpsUrl: server.rpsUrl, concurrency: 500 });
    console.log(line('reference: the same phones, 500 at a time', paced));
    console.log(`ratio (all at once / 500 at a time): ${(all.wallMs / paced.wallMs).toFixed(2)}`);
    console.log(`server peak memory: ${server.peakMemoryMiB().toFixed(0)} MiB`);
    const met = all.failed === 0 && all.passed === COUNT;
    console.log(`target ${COUNT} passed, 0 failed: ${met ? 'met' : 'NOT met'}`);
    return met;
  } finally {
    await server.stop();
  }
}
