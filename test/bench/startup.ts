/**
 * Start-up time of headless mode: the production bundle (dist/server/serve.cjs, no tsx) spawned
 * N times, each timed from spawn to its `ready` line (both listeners up, store open). Target: a
 * median under 500 ms. The reference, measured in the same run and the same way, is a minimal
 * Node HTTP server that prints a ready line once listening: the ratio is what the app adds over
 * starting Node itself. The desktop app's cold start to its first rendered screen is measured
 * only where Electron runs (see test/e2e/electron.test.ts); it starts this same backend.
 * Everything listens on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleTarget, ROOT } from '../../build/bundle';

const RUNS = Number(process.env['STARTUP_RUNS'] ?? 9);
const TARGET_MS = 500;

const REFERENCE = `const http = require('node:http');
const server = http.createServer((_q, r) => r.end('ok'));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ event: 'ready', port: server.address().port }) + '\\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** CPU time (user + system) a process has used so far, in ms (Linux; NaN elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, USER_HZ = 100
  } catch {
    return NaN;
  }
}

/**
 * From spawn to the first stdout line holding "ready": wall time, and the CPU time the process
 * used (which a busy shared machine inflates far less). The process is then stopped. Its stderr
 * (the "Open <url>#token=…" line) is not shown: nobody running a bench asked for the token.
 */
async function timeToReady(args: string[]): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const t = await new Promise<{ wall: number; cpu: number }>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (c: Buffer) => {
      buffer += c.toString();
      if (buffer.includes('"ready"')) resolve({ wall: performance.now() - started, cpu: cpuMs(child.pid) });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready`)));
  });
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return t;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export async function run(): Promise<boolean> {
  const work = await mkdtemp(join(tmpdir(), 'dp-bench-startup-'));
  try {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const server = await bundleTarget('server', work, version); // the current code, bundled as `npm run build` does
    const reference = join(work, 'reference.cjs');
    await writeFile(reference, REFERENCE);
    const app: { wall: number; cpu: number }[] = [];
    const first: { wall: number; cpu: number }[] = [];
    const ref: { wall: number; cpu: number }[] = [];
    // Interleaved, so a busy moment on the shared machine hits both alike. One warm-up each.
    await timeToReady([reference]);
    const serve = (data: string) => timeToReady([server.outfile, '--data', data, '--host', '127.0.0.1', '--port', '0', '--quiet']);
    await serve(await mkdtemp(join(work, 'data-')));
    for (let i = 0; i < RUNS; i++) {
      ref.push(await timeToReady([reference]));
      // A first start makes the store and the HTTPS key; every later start finds them.
      const data = await mkdtemp(join(work, 'data-'));
      first.push(await serve(data));
      app.push(await serve(data));
    }
    const m = median(app.map((x) => x.wall));
    const f = median(first.map((x) => x.wall));
    const r = median(ref.map((x) => x.wall));
    const mc = median(app.map((x) => x.cpu));
    const rc = median(ref.map((x) => x.cpu));
    const met = m < TARGET_MS;
    const walls = app.map((x) => x.wall);
    console.log(`headless start to ready (dist/server/serve.cjs bundle), ${RUNS} runs:`);
    console.log(
      `  usual start (store and key exist): median ${m.toFixed(0)} ms (min ${Math.min(...walls).toFixed(0)}, max ${Math.max(...walls).toFixed(0)}); target < ${TARGET_MS} ms: ${met ? 'met' : 'NOT met'}`,
    );
    console.log(`  first start on a new data folder (makes the RSA key for HTTPS): median ${f.toFixed(0)} ms`);
    console.log(`  cpu:  median ${mc.toFixed(0)} ms used by the process until ready`);
    console.log(`  reference, a bare Node http server to listening: wall ${r.toFixed(0)} ms, cpu ${rc.toFixed(0)} ms`);
    console.log(
      `  ratio app / reference: wall ${(m / r).toFixed(2)}x, cpu ${(mc / rc).toFixed(2)}x (the app adds ${(m - r).toFixed(0)} ms wall)`,
    );
    return met;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await run();
