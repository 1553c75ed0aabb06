/**
 * Bench: 1000 phones through steps 1 to 7 against a real Asterisk 22 (lab chroot, loopback), and
 * in the same run the same 1000 phones only registering (credentials already known) as the
 * reference. Each phone provisions and then registers at once, as firmware does; both runs use
 * the same concurrency. Prints both times, their ratio (target: at most 2.5) and failures, and
 * how long until the app's monitor showed every phone registered.
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
import { bootFileName } from '../../shared/config/defaultDialect';
import { simFetch } from '../../electron/sim/httpClient';
import { startBundled } from './bundledProcess';
import { scratchDir } from './scratch';
import { startServerProcess } from './serverProcess';

const COUNT = Number(process.env['DP_BENCH_PHONES'] ?? 1000);
const CONCURRENCY = 200;
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
  const out: Record<string, { token: string; bootFile: string; files: Record<string, string> }> = {};
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

export async function run(): Promise<boolean> {
  const unavailable = labUnavailableReason();
  if (unavailable) {
    if (process.env['CI'] === 'true') throw new Error(`registration bench needs the Asterisk lab: ${unavailable}`);
    process.stdout.write(`registration bench skipped: ${unavailable}\n`);
    return true;
  }
  const password = (i: number) => `bench-${i}`;
  const lab = await AsteriskLab.start({
    endpoints: Array.from({ length: COUNT }, (_, i) => ({ userName: String(1000 + i), password: password(i) })),
    qualifyFrequency: 0,
    bootTimeoutMs: 60_000,
  });
  // The app runs in its own process, as it does on a technician's laptop: the virtual phones
  // must not take its CPU.
  const backend = await startServerProcess();
  const full = new RegisteredPhones();
  const floor = new RegisteredPhones();
  const reference = new RegisteredPhones();
  try {
    const api = createApiClient({ baseUrl: backend.adminUrl, token: backend.adminToken, fetch: fetch as never });
    await api.updateSettings({
      body: {
        pbx: { ...lab.pbxSettings(), ...(process.env['DP_BENCH_NO_AMI'] ? { amiUser: '' } : {}) },
      },
    });
    const phones: PhoneIdentity[] = await enroll(api, { count: COUNT, password, sipHost: lab.sipHost, sipPort: lab.sipPort });
    for (let i = 0; i < 100 && !(await api.pbxRegistrations()).synced; i++) await new Promise((r) => setTimeout(r, 100));

    // Full flow: steps 1-6 over HTTP, then REGISTER with what ACC.cfg said.
    const accounts: SeenAccount[][] = new Array(COUNT);
    const startedFull = performance.now();
    const fullFailures = await provisionAndRegister(phones, backend.rpsUrl, full, accounts);
    const fullMs = performance.now() - startedFull;
    let shownMs = NaN;
    for (let i = 0; i < 300; i++) {
      const listed = await api.listPhones();
      if (listed.filter((p) => p.flow.stage === 'registered').length === COUNT) {
        shownMs = performance.now() - startedFull;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await full.closeAll();

    // Floor: the same flow against a minimal Express server holding every phone's files
    // rendered beforehand (test/bench/floorServer.ts): what HTTP alone costs on this machine.
    const floorFiles = await captureFiles(api, phones);
    const floorServer = await startBundled('floorServer.ts', [floorFiles]);
    let floorMs: number;
    let floorFailures: string[];
    try {
      const startedFloor = performance.now();
      floorFailures = await provisionAndRegister(phones, `http://127.0.0.1:${floorServer.port}/rps`, floor, []);
      floorMs = performance.now() - startedFloor;
    } finally {
      floorServer.stop();
      await floor.closeAll();
    }

    // Reference: the same phones, credentials known, only registering.
    const failures: string[] = [];
    const known: PhoneToRegister[] = phones.map((id, i) => ({ mac: id.mac, userAgent: userAgentOf(id), accounts: accounts[i] ?? [] }));
    const startedRef = performance.now();
    await pool(known, CONCURRENCY, async (phone) => {
      const [line] = await reference.registerAll([phone], { concurrency: 1 });
      if (!line?.outcome.ok) failures.push(`${phone.mac}: ${line?.outcome.ok === false ? line.outcome.reason : 'no account'}`);
    });
    const refMs = performance.now() - startedRef;
    const ratio = fullMs / refMs;
    const lines = [
      `registration bench (${COUNT} phones, real Asterisk 22 on loopback, concurrency ${CONCURRENCY})`,
      `  full flow, steps 1-7:            ${fullMs.toFixed(0)} ms (${fullFailures.length} failed)`,
      `  registration only (reference):   ${refMs.toFixed(0)} ms (${failures.length} failed)`,
      `  ratio full / reference:          ${ratio.toFixed(2)} (target <= ${TARGET}) ${ratio <= TARGET && fullFailures.length === 0 ? 'OK' : 'MISSED'}`,
      `  all shown registered via AMI at: ${Number.isNaN(shownMs) ? 'not within 15 s' : `${shownMs.toFixed(0)} ms`}`,
      `  floor: the same flow against a minimal Express server with pre-rendered files: ${floorMs.toFixed(0)} ms ` +
        `(${floorFailures.length} failed), ratio ${(floorMs / refMs).toFixed(2)}; the app adds ${(fullMs - floorMs).toFixed(0)} ms to it`,
      ...fullFailures.slice(0, 5).map((f) => `  FAIL ${f}`),
      ...floorFailures.slice(0, 3).map((f) => `  FLOOR FAIL ${f}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return ratio <= TARGET && fullFailures.length === 0 && failures.length === 0;
  } finally {
    await full.closeAll();
    await floor.closeAll();
    await reference.closeAll();
    await backend.stop();
    await lab.stop();
  }
}
