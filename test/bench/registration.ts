/**
 * Bench: 1000 phones through steps 1 to 7 against a real Asterisk 22 (lab chroot, loopback), and
 * in the same run the same 1000 phones only registering (credentials already known) as the
 * reference. Each phone provisions and then registers at once, as firmware does; both runs use
 * the same concurrency. Prints both times, their ratio (target: at most 2.5) and failures, and
 * how long until the app's monitor showed every phone registered. Every phase first runs a fifth
 * as many other phones unmeasured, so it is measured on warmed-up code.
 *
 * To say where the time goes it also runs the same flow against two floors holding every file
 * rendered beforehand (a minimal Express server and a plain node:http one) and prints each
 * process's CPU time per phase: the phones (this process), the server and Asterisk share the
 * machine's cores.
 */
import { enroll } from '../../electron/sim/enroll';
import { RegisteredPhones, type PhoneToRegister } from '../../electron/sim/sip/registerPhones';
import { userAgentOf, VirtualPhone, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import type { SeenAccount } from '../../shared/config/checkDefault';
import { labUnavailableReason } from '../lab/asterisk/chroot';
import { AsteriskLab } from '../lab/asterisk/lab';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApiClient, type ApiClient } from '../../shared/api/client';
import { readBoot } from '../../shared/config/checkDefault';
import { bootFileName } from '../../shared/dialects/default';
import { simFetch } from '../../electron/sim/httpClient';
import { startBundled } from './bundledProcess';
import { cpuMeter, describeCpu, type CpuSample } from './cpuTime';
import type { FloorPhone } from './floorPhones';
import { scratchDir } from './scratch';
import { startServerProcess } from './serverProcess';

const COUNT = Number(process.env['DP_BENCH_PHONES'] ?? 1000);
const CONCURRENCY = 200;
/** Extra phones that go through each phase first, so every measured phase runs on warmed-up code. */
const WARMUP = Math.ceil(COUNT / 5);
const TARGET = 2.5;

async function pool<T>(items: readonly T[], width: number, job: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await job(items[i] as T, i);
      }
    }),
  );
}

/** Each phone provisions (steps 1-6) and then registers at once, as firmware does; returns the failures. */
async function provisionAndRegister(
  phones: readonly PhoneIdentity[],
  rpsUrl: string,
  registered: RegisteredPhones,
  accounts: SeenAccount[][],
): Promise<string[]> {
  const failures: string[] = [];
  await pool(phones, CONCURRENCY, async (id, i) => {
    const result = await new VirtualPhone(id, { rpsUrl }).provision();
    if (!result.ok || !result.config) {
      failures.push(`${id.mac}: ${result.reason}`);
      return;
    }
    accounts[i] = result.config.accounts;
    const [line] = await registered.registerAll([{ mac: id.mac, userAgent: userAgentOf(id), accounts: result.config.accounts }], {
      concurrency: 1,
    });
    if (!line?.outcome.ok) failures.push(`${id.mac}: ${line?.outcome.ok === false ? line.outcome.reason : 'no account'}`);
  });
  return failures;
}

/** Every phone's files as the app serves them, for the floor server; returns the JSON file's path. */
async function captureFiles(api: ApiClient, phones: readonly PhoneIdentity[]): Promise<string> {
  const out: Record<string, FloorPhone> = {};
  await pool(phones, 20, async (id) => {
    // Registered phones are locked (their secrets are not served again): opened for the capture.
    const base = (await api.reopenPhone({ params: { mac: id.mac } })).provisioningUrl;
    const token = /\/p\/([^/]+)\//.exec(base)?.[1] ?? '';
    const bootFile = bootFileName(id.mac);
    const get = async (name: string) => (await simFetch(new URL(name, base).href, { headers: { 'User-Agent': userAgentOf(id) } })).text();
    const boot = await get(bootFile);
    const files: Record<string, string> = { [bootFile]: boot };
    for (const name of readBoot(boot).cfg.includes) files[name] = await get(name);
    out[id.mac] = { token, bootFile, files };
  });
  const path = join(scratchDir('dp-bench-floor-'), 'phones.json');
  await writeFile(path, JSON.stringify(out));
  return path;
}

interface Phase {
  ms: number;
  failures: string[];
  cpu: CpuSample;
}

/**
 * Runs `flow` on the warm-up phones (not measured: every measured phase runs on warmed-up code
 * in every process), then on the measured phones, timing the wall clock and each process's CPU.
 */
async function phase(
  processes: Record<string, number | undefined>,
  warmup: () => Promise<unknown>,
  flow: () => Promise<string[]>,
): Promise<Phase & { startedAt: number }> {
  await warmup();
  const meter = cpuMeter(processes);
  const startedAt = performance.now();
  meter.start();
  const failures = await flow();
  return { ms: performance.now() - startedAt, failures, cpu: meter.stop(), startedAt };
}

/** The same flow against a floor server (a file beside this one) serving the captured files. */
async function floorPhase(
  entry: string,
  files: string,
  lab: AsteriskLab,
  warmup: readonly PhoneIdentity[],
  phones: readonly PhoneIdentity[],
): Promise<Phase> {
  const server = await startBundled(entry, [files]);
  const registered = new RegisteredPhones();
  const rpsUrl = `http://127.0.0.1:${server.port}/rps`;
  try {
    return await phase(
      { floor: server.pid, Asterisk: lab.pid },
      () => provisionAndRegister(warmup, rpsUrl, registered, []),
      () => provisionAndRegister(phones, rpsUrl, registered, []),
    );
  } finally {
    server.stop();
    await registered.closeAll();
  }
}

export async function run(): Promise<boolean> {
  const unavailable = labUnavailableReason();
  if (unavailable) {
    if (process.env['CI'] === 'true') throw new Error(`registration bench needs the Asterisk lab: ${unavailable}`);
    process.stdout.write(`registration bench skipped: ${unavailable}\n`);
    return true;
  }
  const password = (i: number) => `bench-${i}`;
  const lab = await AsteriskLab.start({
    endpoints: Array.from({ length: COUNT + WARMUP }, (_, i) => ({ userName: String(1000 + i), password: password(i) })),
    qualifyFrequency: 0,
    bootTimeoutMs: 60_000,
  });
  // The app runs in its own process, as it does on a technician's laptop: the virtual phones
  // must not take its CPU.
  const backend = await startServerProcess();
  const full = new RegisteredPhones();
  const reference = new RegisteredPhones();
  try {
    const api = createApiClient({ baseUrl: backend.adminUrl, token: backend.adminToken, fetch: fetch as never });
    await api.updateSettings({
      body: {
        pbx: { ...lab.pbxSettings(), ...(process.env['DP_BENCH_NO_AMI'] ? { amiUser: '' } : {}) },
      },
    });
    const enrolled: PhoneIdentity[] = await enroll(api, { count: COUNT + WARMUP, password, sipHost: lab.sipHost, sipPort: lab.sipPort });
    const phones = enrolled.slice(0, COUNT);
    const warmup = enrolled.slice(COUNT);
    for (let i = 0; i < 100 && !(await api.pbxRegistrations()).synced; i++) await new Promise((r) => setTimeout(r, 100));

    // Full flow: steps 1-6 over HTTP, then REGISTER with what ACC.cfg said.
    const accounts: SeenAccount[][] = new Array(COUNT);
    const warmAccounts: SeenAccount[][] = [];
    const fullRun = await phase(
      { app: backend.child.pid, Asterisk: lab.pid },
      () => provisionAndRegister(warmup, backend.rpsUrl, full, warmAccounts),
      () => provisionAndRegister(phones, backend.rpsUrl, full, accounts),
    );
    let shownMs = NaN;
    for (let i = 0; i < 300; i++) {
      const listed = await api.listPhones();
      if (listed.filter((p) => p.flow.stage === 'registered').length === COUNT + WARMUP) {
        shownMs = performance.now() - fullRun.startedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await full.closeAll();

    // Floors: the same flow against minimal servers holding every phone's files rendered
    // beforehand: what HTTP alone costs on this machine, with Express and without.
    const files = await captureFiles(api, enrolled);
    const expressFloor = await floorPhase('expressFloorServer.ts', files, lab, warmup, phones);
    const nodeFloor = await floorPhase('nodeFloorServer.ts', files, lab, warmup, phones);

    // Reference: the same phones, credentials known, only registering.
    const known = (ids: readonly PhoneIdentity[], seen: SeenAccount[][]): PhoneToRegister[] =>
      ids.map((id, i) => ({ mac: id.mac, userAgent: userAgentOf(id), accounts: seen[i] ?? [] }));
    const registerOnly = async (list: PhoneToRegister[]) => {
      const failures: string[] = [];
      await pool(list, CONCURRENCY, async (phone) => {
        const [line] = await reference.registerAll([phone], { concurrency: 1 });
        if (!line?.outcome.ok) failures.push(`${phone.mac}: ${line?.outcome.ok === false ? line.outcome.reason : 'no account'}`);
      });
      return failures;
    };
    const ref = await phase(
      { Asterisk: lab.pid },
      () => registerOnly(known(warmup, warmAccounts)),
      () => registerOnly(known(phones, accounts)),
    );

    const ratio = fullRun.ms / ref.ms;
    const floorLine = (name: string, floor: Phase) =>
      `  floor, ${name}: ${floor.ms.toFixed(0)} ms (${floor.failures.length} failed), ratio ${(floor.ms / ref.ms).toFixed(2)}`;
    const lines = [
      `registration bench (${COUNT} phones after ${WARMUP} warm-up phones, real Asterisk 22 on loopback, concurrency ${CONCURRENCY})`,
      `  full flow, steps 1-7:            ${fullRun.ms.toFixed(0)} ms (${fullRun.failures.length} failed)`,
      `  registration only (reference):   ${ref.ms.toFixed(0)} ms (${ref.failures.length} failed)`,
      `  ratio full / reference:          ${ratio.toFixed(2)} (target <= ${TARGET}) ${ratio <= TARGET && fullRun.failures.length === 0 ? 'OK' : 'MISSED'}`,
      `  all shown registered via AMI at: ${Number.isNaN(shownMs) ? 'not within 15 s' : `${shownMs.toFixed(0)} ms`}`,
      'The same flow against servers holding every file rendered beforehand (no application code):',
      floorLine('minimal Express server', expressFloor),
      floorLine('plain node:http server', nodeFloor),
      'CPU time per process:',
      `  full flow: ${describeCpu(fullRun.cpu)}`,
      `  Express floor: ${describeCpu(expressFloor.cpu)}`,
      `  node:http floor: ${describeCpu(nodeFloor.cpu)}`,
      `  reference: ${describeCpu(ref.cpu)}`,
      ...fullRun.failures.slice(0, 5).map((f) => `  FAIL ${f}`),
      ...[...expressFloor.failures, ...nodeFloor.failures].slice(0, 3).map((f) => `  FLOOR FAIL ${f}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return ratio <= TARGET && fullRun.failures.length === 0 && ref.failures.length === 0;
  } finally {
    await full.closeAll();
    await reference.closeAll();
    await backend.stop();
    await lab.stop();
  }
}
