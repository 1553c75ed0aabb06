/**
 * Firmware downloads must not stall provisioning: 500 virtual phones walk steps 1 to 6 while 50
 * phones download a 60 MB firmware file from the same device listener, against the same 500
 * phones without downloads, in interleaved rounds. Figure: provisioning p99 with downloads over
 * p99 without (median of the rounds' ratios). Target: at most 2. Loopback only; the 60 MB file is
 * generated in a scratch folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createApiClient } from '../../shared/api/client';
import { firmwareFileUrl } from '../../shared/firmware/url';
import { enroll } from '../../electron/sim/enroll';
import { percentile, runPhones } from '../../electron/sim/runner';
import { scratchDir } from '../support/scratch';
import { startServerProcess } from './serverProcess';

const PHONES = Number(process.env['DP_BENCH_FW_PHONES'] ?? 500);
const DOWNLOADERS = Number(process.env['DP_BENCH_FW_DOWNLOADERS'] ?? 50);
const MB = Number(process.env['DP_BENCH_FW_MB'] ?? 60);
const ROUNDS = Number(process.env['DP_BENCH_FW_ROUNDS'] ?? 3);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function makeFile(): Promise<string> {
  const path = join(scratchDir('dp-bench-fw-'), `T46U-108.86.0.${Date.now() % 1000}.rom`);
  const out = createWriteStream(path);
  const block = randomBytes(1024 * 1024);
  for (let i = 0; i < MB; i++) {
    block[0] = i;
    if (!out.write(Buffer.from(block))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return path;
}

/**
 * The downloading phones, in their own process (as real phones are other machines): each fetches
 * the file again and again until told to stop, then the process prints what it got.
 */
const DOWNLOADER = `
const http = require('node:http');
const [url, count] = process.argv.slice(1);
let bytes = 0, files = 0, running = true;
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(count) });
const once = () => new Promise((resolve) => {
  const req = http.get(url, { agent, headers: { 'User-Agent': 'Yealink SIP-T46U 108.86.0.20' } }, (res) => {
    res.on('data', (c) => { bytes += c.length; if (!running) req.destroy(); });
    res.on('end', () => { files++; resolve(); });
    res.on('close', resolve);
  });
  req.on('error', resolve);
});
const loop = async () => { while (running) await once(); };
const loops = Array.from({ length: Number(count) }, loop);
process.on('SIGTERM', async () => { running = false; await Promise.all(loops); process.stdout.write(JSON.stringify({ bytes, files }) + '\\n'); process.exit(0); });
`;

function startDownloads(url: string): { stop(): Promise<{ bytes: number; files: number; seconds: number }> } {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', DOWNLOADER, url, String(DOWNLOADERS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return {
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
      const got = JSON.parse(out.trim() || '{"bytes":0,"files":0}') as { bytes: number; files: number };
      return { ...got, seconds: (performance.now() - started) / 1000 };
    },
  };
}

export async function run(): Promise<boolean> {
  const server = await startServerProcess();
  try {
    const api = createApiClient({ baseUrl: server.adminUrl, token: server.adminToken, fetch: fetch as never });
    const path = await makeFile();
    const data = await readFile(path);
    const entry = await api.uploadFirmware({
      query: {},
      body: {
        data: new Uint8Array(data.buffer, data.byteOffset, data.length) as Uint8Array<ArrayBuffer>,
        headers: { 'X-File-Name': path.split('/').pop() as string },
      },
    });
    if (entry.sha256 !== createHash('sha256').update(data).digest('hex')) throw new Error('the upload was not stored as sent');
    await api.setFirmwareTargets({ body: [{ vendor: 'yealink', model: 'T46U', firmwareId: entry.id }] });
    const url = firmwareFileUrl(server.deviceBaseUrl, entry);
    const phones = await enroll(api, { count: PHONES });
    // Warm-up: every phone once, so both sides of each pair see warm caches.
    await runPhones(phones, { rpsUrl: server.rpsUrl, timeoutMs: 60_000 });

    const ratios: number[] = [];
    let failed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const quiet = await runPhones(phones, { rpsUrl: server.rpsUrl, timeoutMs: 60_000 });
      const downloads = startDownloads(url);
      // Let every download get going before the phones start.
      await new Promise((r) => setTimeout(r, 300));
      const busy = await runPhones(phones, { rpsUrl: server.rpsUrl, timeoutMs: 60_000 });
      const got = await downloads.stop();
      failed += quiet.failed + busy.failed;
      const p99Quiet = percentile(quiet.latencies, 99);
      const p99Busy = percentile(busy.latencies, 99);
      ratios.push(p99Busy / p99Quiet);
      console.log(
        `firmware: round ${round + 1}: provisioning p99 ${p99Quiet.toFixed(1)} ms alone, ${p99Busy.toFixed(1)} ms with ${DOWNLOADERS} downloads ` +
          `(${((got.bytes / got.seconds) * 8e-6).toFixed(0)} Mbit/s, ${got.files} whole files of ${MB} MB): ratio ${(p99Busy / p99Quiet).toFixed(2)}`,
      );
    }
    const ratio = median(ratios);
    console.log(
      `firmware: ${PHONES} phones provisioning while ${DOWNLOADERS} download a ${MB} MB file: p99 ratio ${ratio.toFixed(2)} ` +
        `(median of ${ROUNDS} rounds; target <= 2.00) ${ratio <= 2 ? 'MET' : 'NOT MET'}; server peak memory ${server.peakMemoryMiB().toFixed(0)} MiB; ${failed} failed`,
    );
    return ratio <= 2 && failed === 0;
  } finally {
    await server.stop();
  }
}
