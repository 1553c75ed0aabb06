/**
 * Discovery bench: our sweep against Debian's `arp-scan` (default settings) over the same lab
 * subnet in the same run, wall time and recall; then a /22 lab of 200 devices (all found, no
 * neighbour-table overflow, time). Traffic goes only to the lab's own namespaces.
 * Target: the same recall as arp-scan and at most half its time.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cidrHosts } from '../../shared/discovery/ipv4';
import { sweep, type SweepResult } from '../../electron/backend/discovery/sweeper';
import { PHONES, standardLab, type DeviceProfile } from '../lab/fake-devices/profiles';
import { buildLab, labSkipReason, type Lab } from '../lab/netns/lab';
import { raiseNeighbourLimits } from '../lab/netns/neighbourLimits';
import { run as sh } from '../lab/netns/shell';

const RUNS = 3;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function arpScan(lab: Lab): Promise<{ ms: number; found: Set<string> }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile('arp-scan', [`--interface=${lab.bridge}`, lab.cidr], { timeout: 120_000 }, (error, stdout, stderr) => {
      const ms = performance.now() - started;
      if (error) return reject(new Error(`arp-scan: ${stderr.trim() || error.message}`));
      const found = new Set<string>();
      for (const m of stdout.matchAll(/^(\d+\.\d+\.\d+\.\d+)\s+([0-9a-f:]{17})/gim)) found.add(m[1] as string);
      resolve({ ms, found });
    });
  });
}

async function flushNeighbours(lab: Lab): Promise<void> {
  await sh('ip', ['neigh', 'flush', 'dev', lab.bridge]).catch(() => undefined);
}

async function ourSweep(lab: Lab, http: boolean): Promise<SweepResult> {
  await flushNeighbours(lab);
  return sweep({ iface: { name: lab.bridge, address: lab.hostIp }, cidr: lab.subnet, http });
}

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(0)}%`;

async function compare(lab: Lab, label: string): Promise<{ met: boolean; ours: number; ref: number }> {
  const expected = new Set(lab.devices.map((d) => d.ip));
  const refTimes: number[] = [];
  const ourTimes: number[] = [];
  const fullTimes: number[] = [];
  let refRecall = 1;
  let ourRecall = 1;
  let sendErrors = 0;
  for (let i = 0; i < RUNS; i++) {
    await flushNeighbours(lab);
    const ref = await arpScan(lab);
    refTimes.push(ref.ms);
    refRecall = Math.min(refRecall, [...expected].filter((ip) => ref.found.has(ip)).length / expected.size);
    const ours = await ourSweep(lab, false);
    ourTimes.push(ours.wallMs);
    sendErrors += ours.sendErrors;
    ourRecall = Math.min(ourRecall, [...expected].filter((ip) => ours.devices.some((d) => d.ip === ip)).length / expected.size);
    if (label === '/24') fullTimes.push((await ourSweep(lab, true)).wallMs);
  }
  const ref = median(refTimes);
  const ours = median(ourTimes);
  console.log(`${label} lab (${lab.cidr}, ${expected.size} devices), median of ${RUNS} runs:`);
  console.log(`  arp-scan (defaults):  ${(ref / 1000).toFixed(2)} s, recall ${pct(refRecall * expected.size, expected.size)}`);
  console.log(
    `  our sweep (ARP only): ${(ours / 1000).toFixed(2)} s, recall ${pct(ourRecall * expected.size, expected.size)}, send errors ${sendErrors}`,
  );
  if (fullTimes.length) console.log(`  our sweep + SIP/HTTP fingerprints: ${(median(fullTimes) / 1000).toFixed(2)} s`);
  const ratio = ours / ref;
  const met = ourRecall >= refRecall && ratio <= 0.5;
  console.log(
    `  time ratio ours/arp-scan ${ratio.toFixed(2)} (target <= 0.50), recall ${ourRecall >= refRecall ? 'same or better' : 'WORSE'}: ${met ? 'met' : 'NOT met'}`,
  );
  return { met, ours, ref };
}

export async function run(): Promise<boolean> {
  const reason = labSkipReason();
  if (reason) {
    console.log(`discovery: skipped: ${reason}`);
    return process.env['CI'] !== 'true';
  }
  let met = true;

  const small = await buildLab({ devices: standardLab() });
  try {
    met = (await compare(small, '/24')).met && met;
  } finally {
    await small.teardown();
  }

  // A /22 with 200 devices: the host holds a neighbour entry per probed address (about 1000),
  // near the default hard limit (gc_thresh3 = 1024). Raise it for the test, put it back after.
  const restore = await raiseNeighbourLimits(2048);
  const profiles: DeviceProfile[] = Array.from({ length: 200 }, (_, i) => PHONES[i % PHONES.length] as DeviceProfile);
  let big: Lab | undefined;
  try {
    const t0 = performance.now();
    big = await buildLab({ devices: profiles, prefix: 22, responders: false });
    console.log(`/22 lab built: 200 namespaces in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const dmesgBefore = await kernelOverflows();
    const r = await compare(big, '/22');
    const overflows = (await kernelOverflows()) - dmesgBefore;
    const hosts = cidrHosts(big.subnet).length;
    console.log(
      `  ${hosts} addresses probed per sweep; neighbour table overflow messages during the runs: ${overflows < 0 ? 'unknown' : overflows}`,
    );
    met = r.met && overflows <= 0 && met;
  } finally {
    await big?.teardown();
    await restore();
  }
  const after = await readFile('/proc/sys/net/ipv4/neigh/default/gc_thresh3', 'utf8');
  console.log(`neighbour limits restored (gc_thresh3 = ${after.trim()})`);
  return met;
}

/** Count of "neighbour table overflow" kernel messages so far (-1 when the log is unreadable). */
async function kernelOverflows(): Promise<number> {
  try {
    const text = await sh('dmesg', []);
    return (text.match(/neighbour table overflow/gi) ?? []).length;
  } catch {
    return -1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((ok) => process.exit(ok ? 0 : 1));
}
