/**
 * Bench: the app's own cost over the fastest servers that could answer the same requests. Phones
 * go through steps 1 to 7 (provision over HTTP, then REGISTER at once with what ACC.cfg said, as
 * firmware does) against a real Asterisk 22 (lab chroot, loopback), in the same run against:
 *   - the app, built as it ships, in its own process;
 *   - a minimal Express server and a plain node:http server holding every one of those phones'
 *     files rendered beforehand by the app (the floors: what HTTP alone costs on this machine).
 * Each of ROUNDS rounds takes a new set of phones (a first-time request is what the app does on
 * site) through the app, then the same phones through both floors; the figures are the medians
 * of the rounds' ratios, so a noisy moment on this shared machine hits both sides of a pair alike.
 * Every process first serves as many other phones as a round, unmeasured (warm code: after a
 * fifth as many, the app's first round still cost 1.4-1.8 times the CPU of the next ones, in
 * Node's own HTTP code as much as in the app's, while V8 was still optimizing), and each phase
 * starts once the server, Asterisk and the app are quiet (the floors' phones register the same
 * accounts, so the app's monitor has work left from a floor phase that must not fall into the next
 * app phase, nor the other way round). It also prints
 * how long until the app's monitor showed every phone registered, and each process's CPU time.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { enroll } from '../../electron/sim/enroll';
import { simFetch } from '../../electron/sim/httpClient';
import { RegisteredPhones } from '../../electron/sim/sip/registerPhones';
import { userAgentOf, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import { createApiClient, type ApiClient } from '../../shared/api/client';
import { readBoot } from '../../shared/config/checkDefault';
import { bootFileName } from '../../shared/dialects/default';
import { labUnavailableReason } from '../lab/asterisk/chroot';
import { AsteriskLab } from '../lab/asterisk/lab';
import { startBundled } from './bundledProcess';
import { cpuMeter, cpuText, describeCpu, quiet, type CpuSample } from './cpuTime';
import type { FloorPhone } from './floorPhones';
import { median, pool, provisionAndRegister } from './flowPhases';
import { scratchDir } from '../support/scratch';
import { startServerProcess } from './serverProcess';

const COUNT = Number(process.env['DP_BENCH_PHONES'] ?? 1000);
/**
 * Seven rounds: the median comes from steady rounds even when the first pays for V8 still
 * optimizing, and one noisy moment on the shared machine moves it less than with five (the
 * rounds of one run ranged 1.05-1.62 against the node:http floor).
 */
const ROUNDS = Math.max(3, Number(process.env['DP_BENCH_ROUNDS'] ?? 7));
const CONCURRENCY = 200;
/** Extra phones that go through each process first, so every measured phase runs on warmed-up code. */
const WARMUP = COUNT;
const EXPRESS_TARGET = 1.1;
const NODE_TARGET = 1.4;

/** Every phone's files as the app serves them, for the floor servers; returns the JSON file's path. */
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
  startedAt: number;
}

/** Runs `flow`, timing the wall clock and each process's CPU. */
async function measured(processes: Record<string, number | undefined>, flow: () => Promise<string[]>): Promise<Phase> {
  const meter = cpuMeter(processes);
  const startedAt = performance.now();
  const startedUs = process.hrtime.bigint() / 1000n;
  meter.start();
  const failures = await flow();
  if (process.env['DP_BENCH_PHASES'] === '1' && 'app' in processes) {
    console.log(`PHASE ${startedUs} ${process.hrtime.bigint() / 1000n}`);
  }
  return { ms: performance.now() - startedAt, failures, cpu: meter.stop(), startedAt };
}

/** The same flow against a floor server (a file beside this one) holding the captured files: warm-up phones first, unmeasured. */
async function floorPhase(
  entry: string,
  files: string,
  lab: AsteriskLab,
  warmup: readonly PhoneIdentity[],
  phones: readonly PhoneIdentity[],
  appPid: number | undefined,
): Promise<Phase> {
  const server = await startBundled(entry, [files]);
  const registered = new RegisteredPhones();
  const rpsUrl = `http://127.0.0.1:${server.port}/rps`;
  try {
    await provisionAndRegister(warmup, rpsUrl, registered, [], CONCURRENCY);
    await quiet([server.pid, lab.pid, appPid]);
    return await measured({ floor: server.pid, Asterisk: lab.pid }, () =>
      provisionAndRegister(phones, rpsUrl, registered, [], CONCURRENCY),
    );
  } finally {
    server.stop();
    await registered.closeAll();
  }
}

interface Round {
  app: Phase;
  express: Phase;
  node: Phase;
  shownMs: number;
}

export async function run(): Promise<boolean> {
  const unavailable = labUnavailableReason();
  if (unavailable) {
    if (process.env['CI'] === 'true') throw new Error(`registration bench needs the Asterisk lab: ${unavailable}`);
    console.log(`registration bench skipped: ${unavailable}`);
    return true;
  }
  const total = WARMUP + ROUNDS * COUNT;
  const password = (i: number) => `bench-${i}`;
  const lab = await AsteriskLab.start({
    endpoints: Array.from({ length: total }, (_, i) => ({ userName: String(1000 + i), password: password(i) })),
    qualifyFrequency: 0,
    bootTimeoutMs: 120_000,
  });
  // The app runs in its own process, as it does on a technician's laptop: the virtual phones
  // must not take its CPU.
  const backend = await startServerProcess();
  const app = new RegisteredPhones();
  try {
    const api = createApiClient({ baseUrl: backend.adminUrl, token: backend.adminToken, fetch: fetch as never });
    await api.updateSettings({ body: { pbx: lab.pbxSettings() } });
    const enrolled = await enroll(api, { count: total, password, sipHost: lab.sipHost, sipPort: lab.sipPort });
    const warmup = enrolled.slice(0, WARMUP);
    for (let i = 0; i < 100 && !(await api.pbxRegistrations()).synced; i++) await new Promise((r) => setTimeout(r, 100));
    await provisionAndRegister(warmup, backend.rpsUrl, app, [], CONCURRENCY);

    const rounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const phones = enrolled.slice(WARMUP + r * COUNT, WARMUP + (r + 1) * COUNT);
      await quiet([backend.child.pid, lab.pid]);
      const appPhase = await measured({ app: backend.child.pid, Asterisk: lab.pid }, () =>
        provisionAndRegister(phones, backend.rpsUrl, app, [], CONCURRENCY),
      );
      // This round's phones only: earlier rounds' phones were reopened for the floors' capture.
      let shownMs = NaN;
      const macs = new Set<string>(phones.map((p) => p.mac));
      for (let i = 0; i < 75; i++) {
        const shown = (await api.listPhones()).filter((p) => macs.has(p.mac) && p.flow.stage === 'registered').length;
        if (shown >= macs.size) {
          shownMs = performance.now() - appPhase.startedAt;
          break;
        }
        await new Promise((res) => setTimeout(res, 200));
      }
      // The floors hold the files the app served these same phones (and the warm-up phones).
      const files = await captureFiles(api, [...warmup, ...phones]);
      const express = await floorPhase('expressFloorServer.ts', files, lab, warmup, phones, backend.child.pid);
      const node = await floorPhase('nodeFloorServer.ts', files, lab, warmup, phones, backend.child.pid);
      rounds.push({ app: appPhase, express, node, shownMs });
    }

    const expressRatio = median(rounds.map((r) => r.app.ms / r.express.ms));
    const nodeRatio = median(rounds.map((r) => r.app.ms / r.node.ms));
    const failures = rounds.flatMap((r) => r.app.failures);
    const floorFailures = rounds.flatMap((r) => [...r.express.failures, ...r.node.failures]);
    const expressMet = expressRatio <= EXPRESS_TARGET && failures.length === 0;
    const nodeMet = nodeRatio <= NODE_TARGET && failures.length === 0;
    const lines = [
      `registration bench (${ROUNDS} rounds of ${COUNT} new phones after ${WARMUP} warm-up phones, real Asterisk 22 on loopback, concurrency ${CONCURRENCY})`,
      ...rounds.map(
        (r, i) =>
          `  round ${i + 1}: app ${r.app.ms.toFixed(0)} ms (${r.app.failures.length} failed, app CPU ${cpuText(r.app.cpu['app'])}), ` +
          `Express floor ${r.express.ms.toFixed(0)} ms (CPU ${cpuText(r.express.cpu['floor'])}), node:http floor ${r.node.ms.toFixed(0)} ms (CPU ${cpuText(r.node.cpu['floor'])}); ` +
          `all shown registered via AMI at ${Number.isNaN(r.shownMs) ? 'not within 15 s' : `${r.shownMs.toFixed(0)} ms`}`,
      ),
      `ratio full / express floor: ${expressRatio.toFixed(2)} (target <= ${EXPRESS_TARGET.toFixed(2)}) ${expressMet ? 'OK' : 'MISSED'}`,
      `ratio full / node floor: ${nodeRatio.toFixed(2)} (target <= ${NODE_TARGET.toFixed(2)}) ${nodeMet ? 'OK' : 'MISSED'}`,
      `failures: app ${failures.length}, floors ${floorFailures.length}`,
      'CPU time per process, last round:',
      `  app: ${describeCpu(rounds.at(-1)!.app.cpu)}`,
      `  Express floor: ${describeCpu(rounds.at(-1)!.express.cpu)}`,
      `  node:http floor: ${describeCpu(rounds.at(-1)!.node.cpu)}`,
      ...failures.slice(0, 5).map((f) => `  FAIL ${f}`),
      ...floorFailures.slice(0, 3).map((f) => `  FLOOR FAIL ${f}`),
    ];
    console.log(lines.join('\n'));
    return expressMet && nodeMet && floorFailures.length === 0;
  } finally {
    await app.closeAll();
    await backend.stop();
    await lab.stop();
  }
}
