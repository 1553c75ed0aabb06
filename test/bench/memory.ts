/**
 * Bench: what a 5000-phone site costs the laptop. 5000 virtual phones (one account, ten keys
 * each) are enrolled through the admin API, go through steps 1-6 over HTTP against the built
 * server and register with a real Asterisk 22 (lab chroot, loopback) until the app's monitor
 * shows every one registered (step 7). Then it prints the server's resident memory against the
 * idle server measured in the same run, and, after a clean stop, the store's bytes per phone.
 *
 * `DP_BENCH_HEAP_DIR=DIR` also writes a heap snapshot of the server at the end into DIR and prints
 * where the heap goes (the breakdown in docs/BENCHMARKS.md comes from it).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createApiClient } from '../../shared/api/client';
import { enroll } from '../../electron/sim/enroll';
import { RegisteredPhones } from '../../electron/sim/sip/registerPhones';
import { labUnavailableReason } from '../lab/asterisk/chroot';
import { AsteriskLab } from '../lab/asterisk/lab';
import { provisionAndRegister } from './flowPhases';
import { summariseHeap } from './heapSummary';
import { startServerProcess } from './serverProcess';

const COUNT = Number(process.env['DP_BENCH_MEMORY_PHONES'] ?? 5000);
const KEYS = 10;
const RSS_TARGET_MB = 150;
const STORE_TARGET_BYTES = 1024;
/**
 * Seconds the server is left idle after the load before its memory is read: it gives a burst's
 * memory back once it has been quiet for a few seconds (electron/backend/heapTuning.ts), after the
 * journal is folded and the monitor's last reads are done.
 */
const SETTLE_S = Number(process.env['DP_BENCH_SETTLE_S'] ?? 30);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function folderBytes(dir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of await readdir(dir)) out[name] = (await stat(join(dir, name))).size;
  return out;
}

async function heapSnapshot(pid: number, dir: string): Promise<string | undefined> {
  const before = new Set(await readdir(dir));
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 600; i++) {
    await sleep(500);
    const made = (await readdir(dir)).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!made) continue;
    // Written when its size stops changing.
    const a = (await stat(join(dir, made))).size;
    await sleep(1000);
    if ((await stat(join(dir, made))).size === a && a > 0) return join(dir, made);
  }
  return undefined;
}

export async function run(): Promise<boolean> {
  const unavailable = labUnavailableReason();
  if (unavailable) {
    if (process.env['CI'] === 'true') throw new Error(`memory bench needs the Asterisk lab: ${unavailable}`);
    console.log(`memory bench skipped: ${unavailable}`);
    return true;
  }
  const heapDir = process.env['DP_BENCH_HEAP_DIR'];
  const lab = await AsteriskLab.start({
    endpoints: Array.from({ length: COUNT }, (_, i) => ({ userName: String(1000 + i), password: `mem-${i}` })),
    qualifyFrequency: 0,
    bootTimeoutMs: 120_000,
  });
  const server = await startServerProcess([], heapDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heapDir}`] : []);
  const registered = new RegisteredPhones();
  try {
    await sleep(1000);
    const idleMiB = server.memoryMiB();
    const api = createApiClient({ baseUrl: server.adminUrl, token: server.adminToken, fetch: fetch as never });
    await api.updateSettings({ body: { pbx: lab.pbxSettings() } });
    const phones = await enroll(api, { count: COUNT, keys: KEYS, password: (i) => `mem-${i}`, sipHost: lab.sipHost, sipPort: lab.sipPort });
    const failures = await provisionAndRegister(phones, server.rpsUrl, registered, [], 200);
    let shown = 0;
    for (let i = 0; i < 600; i++) {
      shown = (await api.listPhones()).filter((p) => p.flow.stage === 'registered').length;
      if (shown === COUNT) break;
      await sleep(200);
    }
    // The figure a laptop sees while the site is up: resident memory once the load is over
    // (sampled each second for SETTLE_S seconds; the last sample counts).
    const samples: number[] = [];
    for (let i = 0; i < SETTLE_S; i++) {
      await sleep(1000);
      samples.push(server.memoryMiB());
    }
    const rssMiB = samples.at(-1) ?? NaN;
    const peakMiB = server.peakMemoryMiB();
    let heapLines: string[] = [];
    if (heapDir && server.child.pid) {
      const file = await heapSnapshot(server.child.pid, heapDir);
      if (file) {
        const { total, rows } = await summariseHeap(file);
        heapLines = [
          `heap snapshot ${file}: ${(total / 2 ** 20).toFixed(1)} MiB in live objects, ${(total / COUNT) | 0} bytes per phone; largest:`,
          ...rows.map((r) => `  ${(r.bytes / 2 ** 20).toFixed(2).padStart(8)} MiB ${String(r.count).padStart(9)}  ${r.what}`),
        ];
      }
    }
    await registered.closeAll();
    let files: Record<string, number> = {};
    await server.stop(async (dir) => {
      files = await folderBytes(dir);
      if (process.env['DP_BENCH_KEEP'])
        await import('node:fs/promises').then((fs) => fs.cp(dir, process.env['DP_BENCH_KEEP'] as string, { recursive: true }));
    });
    const storeBytes = (files['store.json'] ?? 0) + (files['journal.ndjson'] ?? 0);
    const perPhone = storeBytes / COUNT;
    const rssMet = rssMiB <= RSS_TARGET_MB;
    const storeMet = perPhone <= STORE_TARGET_BYTES;
    const lines = [
      `memory bench (${COUNT} phones, 1 account and ${KEYS} keys each, steps 1-7 with a real Asterisk 22 on loopback)`,
      `  phones failed: ${failures.length}; shown registered by the monitor: ${shown} of ${COUNT}`,
      `  server rss idle: ${idleMiB.toFixed(0)} MB (reference, same run)`,
      `  server rss after ${COUNT} phones: ${rssMiB.toFixed(0)} MB (target <= ${RSS_TARGET_MB}) ${rssMet ? 'OK' : 'MISSED'}; peak ${peakMiB.toFixed(0)} MB`,
      `  rss while settling (1 s apart): ${samples.map((m) => m.toFixed(0)).join(' ')}`,
      `  ratio after / idle: ${(rssMiB / idleMiB).toFixed(2)}; per phone: ${(((rssMiB - idleMiB) * 2 ** 20) / COUNT / 1024).toFixed(1)} KB over idle`,
      `  store bytes per phone: ${perPhone.toFixed(0)} (target <= ${STORE_TARGET_BYTES}) ${storeMet ? 'OK' : 'MISSED'}; ` +
        Object.entries(files)
          .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KB`)
          .join(', '),
      ...failures.slice(0, 5).map((f) => `  FAIL ${f}`),
      ...heapLines,
    ];
    console.log(lines.join('\n'));
    return rssMet && storeMet && failures.length === 0 && shown === COUNT;
  } finally {
    await registered.closeAll();
    await server.stop().catch(() => undefined);
    await lab.stop();
  }
}
