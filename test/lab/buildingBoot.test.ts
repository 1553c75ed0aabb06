/**
 * A building's power comes back (issue 15): 5000 phones boot at once against a fresh headless
 * server, the production bundle in its own process, and every one is configured. The phones are
 * `npm run simulate -- --count 5000 --enroll` itself, with its default options (every phone at
 * once, firmware-like retries), in a process of its own; its last line must be
 * `5000 passed, 0 failed`. Everything on 127.0.0.1.
 *
 * In the lab suite not for root (it needs none, and never skips) but because the lab suite runs
 * one file at a time after the parallel unit and integration suites: 5000 phones and the server
 * take both cores for a while, and should neither slow the other suites nor be slowed by them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childOutput } from '../support/childOutput';
import { buildServerAndRenderer, ROOT, startBuiltServer } from '../e2e/support/builtServer';

const COUNT = 5000;

test(`${COUNT} phones booting at once against a fresh server: simulate --count ${COUNT} --enroll ends "${COUNT} passed, 0 failed"`, async () => {
  buildServerAndRenderer('server');
  const data = await mkdtemp(join(tmpdir(), 'dp-building-'));
  const server = await startBuiltServer(data);
  try {
    const started = performance.now();
    const simulate = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'electron', 'cli', 'simulate.ts'),
        '--admin',
        server.ready.adminUrl,
        '--rps',
        server.ready.rpsUrl,
        '--count',
        String(COUNT),
        '--enroll',
      ],
      // The token through the environment, as simulate's help suggests: not on a command line.
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DP_ADMIN_TOKEN: server.ready.adminToken } },
    );
    const out = await childOutput(simulate);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const last = out.stdout.trimEnd().split('\n').at(-1) ?? '';
    const failures = out.stdout.split('\n').filter((l) => l.startsWith('FAIL '));
    process.stdout.write(`# building boot: ${last} in ${seconds} s (enrolment included)\n`);
    assert.equal(last, `${COUNT} passed, 0 failed`, `${failures.slice(0, 5).join('\n')}\n${out.stderr.slice(-2000)}`);
    assert.equal(out.code, 0, 'simulate exits 0');
    assert.equal(server.child.exitCode, null, 'the server is still up');
  } finally {
    await server.stop();
    await rm(data, { recursive: true, force: true });
  }
});
