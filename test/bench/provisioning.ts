/**
 * Benchmark of steps 1 to 6: 1000 enrolled virtual phones at once against the headless server,
 * and the server's ACC.cfg throughput as a ratio to a minimal Express route measured in the same
 * run. Targets: no failures, ratio at least 0.9.
 */
import autocannon from 'autocannon';
import { createApiClient } from '../../shared/api/client';
import { enroll } from '../../electron/sim/enroll';
import { percentile, runPhones } from '../../electron/sim/runner';
import { startBundled } from './bundledProcess';
import { startServerProcess } from './serverProcess';

const PHONES = Number(process.env['DP_BENCH_PHONES'] ?? 1000);
const SECONDS = Number(process.env['DP_BENCH_SECONDS'] ?? 3);
const ROUNDS = Number(process.env['DP_BENCH_ROUNDS'] ?? 5);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function throughput(url: string): Promise<{ rps: number; errors: number; non2xx: number }> {
  const result = await autocannon({ url, connections: 64, duration: SECONDS, pipelining: 1 });
  return { rps: result.requests.average, errors: result.errors, non2xx: result.non2xx };
}

/** The reference, bundled like the server so both run the same kind of code. */
async function startReference(): Promise<{ url: string; stop(): void }> {
  const ref = await startBundled('referenceExpress.ts');
  return { url: `http://127.0.0.1:${ref.port}/p/tok_tok_tok_tok_tok_tok_1/ACC.cfg`, stop: ref.stop };
}

export async function run(): Promise<boolean> {
  const server = await startServerProcess();
  try {
    const api = createApiClient({ baseUrl: server.adminUrl, token: server.adminToken, fetch: fetch as never });
    const enrollStart = performance.now();
    const phones = await enroll(api, { count: PHONES });
    const enrollMs = performance.now() - enrollStart;
    const summary = await runPhones(phones, { rpsUrl: server.rpsUrl, timeoutMs: 60_000 });
    const failures = summary.results.filter((r) => !r.ok);
    console.log(`provisioning: ${PHONES} phones enrolled in ${enrollMs.toFixed(0)} ms`);
    console.log(
      `provisioning: steps 1-6 for ${PHONES} phones at once: wall ${summary.wallMs.toFixed(0)} ms, ` +
        `request latency p50 ${percentile(summary.latencies, 50).toFixed(1)} ms, p99 ${percentile(summary.latencies, 99).toFixed(1)} ms, ` +
        `${summary.passed} passed, ${summary.failed} failed`,
    );
    for (const f of failures.slice(0, 5)) console.log(`  FAIL ${f.mac}: ${f.reason}`);

    const first = await api.getPhone({ params: { mac: phones[0]?.mac ?? '' } });
    const reference = await startReference();
    // Interleaved rounds, medians: a busy moment on the machine hits both sides alike.
    const refRuns: number[] = [];
    const ourRuns: number[] = [];
    let ours = { rps: 0, errors: 0, non2xx: 0 };
    try {
      for (let round = 0; round < ROUNDS; round++) {
        refRuns.push((await throughput(reference.url)).rps);
        const run = await throughput(first.provisioningUrl + 'ACC.cfg');
        ourRuns.push(run.rps);
        ours = { rps: run.rps, errors: ours.errors + run.errors, non2xx: ours.non2xx + run.non2xx };
      }
    } finally {
      reference.stop();
    }
    const ref = median(refRuns);
    const our = median(ourRuns);
    // Each round measures both sides back to back, so a busy moment of the machine (a VM's
    // neighbours) hits a pair alike: the ratio is the median of the rounds' ratios.
    const ratio = median(ourRuns.map((o, i) => o / (refRuns[i] as number)));
    console.log(`provisioning: server peak memory ${server.peakMemoryMiB().toFixed(0)} MiB`);
    console.log(
      `provisioning: ACC.cfg throughput ${our.toFixed(0)} req/s (median of ${ROUNDS}; errors ${ours.errors}, non-2xx ${ours.non2xx}) vs minimal Express route ${ref.toFixed(0)} req/s: ` +
        `ratio ${ratio.toFixed(2)} (median of the rounds' ratios: ${ourRuns.map((o, i) => (o / (refRuns[i] as number)).toFixed(2)).join(' ')}) (target >= 0.90) ${ratio >= 0.9 ? 'MET' : 'NOT MET'}`,
    );
    return summary.failed === 0 && ratio >= 0.9 && ours.non2xx === 0;
  } finally {
    await server.stop();
  }
}
