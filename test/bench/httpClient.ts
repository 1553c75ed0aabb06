/**
 * The virtual phones' HTTP/1.1 client (electron/sim/httpClient.ts `simFetch`) against undici's
 * `Pool`, the well-kept client we would use instead, and node:http with a keep-alive Agent as the
 * reference. Same loopback server (its own process), same request count, concurrency and body;
 * the figures are the client process's CPU time per request and the wall time, so the question
 * "does the hand-written client still earn its place" is answered by this run, not by memory.
 * Everything listens on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { simFetch } from '../../electron/sim/httpClient';

const REQUESTS = Number(process.env['HTTP_CLIENT_REQUESTS'] ?? 10_000);
const CONCURRENCY = 64;
const ROUNDS = 2;

const SERVER = `const http = require('node:http');
const body = 'x'.repeat(1500);
const server = http.createServer((_q, r) => { r.setHeader('Content-Type', 'text/plain'); r.end(body); });
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

type Client = (url: string) => Promise<number>;

interface Figures {
  wallMs: number;
  cpuUsPerRequest: number;
}

async function measure(get: Client, url: string): Promise<Figures> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        const length = await get(url);
        if (length !== 1500) throw new Error(`short body: ${length}`);
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuUsPerRequest: (cpu.user + cpu.system) / REQUESTS };
}

export async function run(): Promise<boolean> {
  const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string];
    const url = `http://127.0.0.1:${line.trim()}/p/token/phone.cfg`;
    const { Pool } = (await import('undici')) as typeof import('undici');
    const pool = new Pool(new URL(url).origin, { connections: CONCURRENCY });
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const clients: Record<string, Client> = {
      simFetch: async (u) => (await (await simFetch(u)).text()).length,
      'undici Pool': async (u) => {
        const res = await pool.request({ path: new URL(u).pathname, method: 'GET' });
        return (await res.body.text()).length;
      },
      'node:http Agent (reference)': (u) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(u, { agent }, (res) => {
            let n = 0;
            res.setEncoding('utf8');
            res.on('data', (c: string) => (n += c.length));
            res.on('end', () => resolve(n));
            res.on('error', reject);
          });
          req.on('error', reject);
          req.end();
        }),
    };
    // Warm-up, then rounds in alternating order so neither client always goes first.
    for (const c of Object.values(clients)) await measure(c, url);
    const results = new Map<string, Figures[]>();
    for (let round = 0; round < ROUNDS; round++) {
      const names = Object.keys(clients);
      for (const name of round % 2 === 0 ? names : names.reverse()) {
        const list = results.get(name) ?? [];
        list.push(await measure(clients[name] as Client, url));
        results.set(name, list);
      }
    }
    await pool.close();
    agent.destroy();
    const best = (name: string) => {
      const list = results.get(name) ?? [];
      return {
        wallMs: Math.min(...list.map((f) => f.wallMs)),
        cpuUsPerRequest: Math.min(...list.map((f) => f.cpuUsPerRequest)),
      };
    };
    const ref = best('node:http Agent (reference)');
    console.log(`${REQUESTS} GETs of 1500 bytes, ${CONCURRENCY} at a time, best of ${ROUNDS} rounds:`);
    for (const name of results.keys()) {
      const f = best(name);
      console.log(
        `  ${name.padEnd(28)} ${(REQUESTS / (f.wallMs / 1000)).toFixed(0).padStart(6)} req/s, ` +
          `client CPU ${f.cpuUsPerRequest.toFixed(1)} µs/request (${(f.cpuUsPerRequest / ref.cpuUsPerRequest).toFixed(2)}x the reference)`,
      );
    }
    return true;
  } finally {
    server.kill();
  }
}
