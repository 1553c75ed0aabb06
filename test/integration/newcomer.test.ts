/**
 * Issue 16's newcomer snags, as a newcomer meets them: serve says in words what to open, a busy
 * port names --port, simulate re-runs on phones that booted once and on phones added by hand
 * without a serial, and README's set-up followed on a fresh clone leaves git status clean.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createApiClient } from '../../shared/api/client';
import { childOutput } from '../support/childOutput';

const ROOT = join(import.meta.dirname, '..', '..');
type Child = ChildProcessByStdio<null, Readable, Readable>;

function tsx(script: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT) {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The ready line (stdout's first) and the stderr seen by then. */
async function readyOf(child: Child): Promise<{ ready: Record<string, string>; stderr: () => string }> {
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0] as string);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  return { ready: JSON.parse(line) as Record<string, string>, stderr: () => err };
}

async function stop(child: Child): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

test('serve tells the person at the terminal what to open; a busy port names --port', async () => {
  const data = await mkdtemp(join(tmpdir(), 'dp-newcomer-'));
  const server = tsx('electron/cli/serve.ts', ['--data', data, '--host', '127.0.0.1', '--port', '0']);
  try {
    const { ready, stderr } = await readyOf(server);
    for (let i = 0; i < 50 && !stderr().includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(stderr().trim(), `Open ${ready['uiUrl']} in your browser; the link holds this session's access token.`);
  } finally {
    await stop(server);
  }
  // Someone else holds the port.
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
  const port = (holder.address() as { port: number }).port;
  try {
    const busy = await childOutput(
      tsx('electron/cli/serve.ts', ['--data', data, '--host', '127.0.0.1', '--port', String(port), '--https-port', '0']),
    );
    assert.notEqual(busy.code, 0);
    assert.match(busy.stderr, new RegExp(`Port ${port} is already in use`));
    assert.match(busy.stderr, /--port/);
    assert.doesNotMatch(busy.stderr, /^listen EADDRINUSE/m);
  } finally {
    holder.close();
    await rm(data, { recursive: true, force: true });
  }
});

test('simulate: for phones added by hand without a serial it says what to do; a re-run plays the maker the app recorded', async () => {
  const data = await mkdtemp(join(tmpdir(), 'dp-newcomer-'));
  const server = tsx('electron/cli/serve.ts', ['--data', data, '--host', '127.0.0.1', '--port', '0', '--quiet']);
  try {
    const { ready } = await readyOf(server);
    const api = createApiClient({ baseUrl: ready['adminUrl'] as string, token: ready['adminToken'] as string, fetch: fetch as never });
    for (const [i, mac] of ['80:5E:C0:66:00:01', '80:5E:C0:66:00:02'].entries()) {
      const a = await api.createAccount({ body: { userName: `660${i}`, password: `pw-660${i}-x`, serverHost: '127.0.0.1' } });
      // The first as Discover records one (its maker known), the second as typed in by hand.
      await api.createPhone({
        body: { mac, ...(i === 0 ? { vendor: 'Yealink', model: 'T46U' } : {}), lines: [{ line: 1, accountId: a.id }] },
      });
    }
    const args = ['--admin', ready['adminUrl'] as string, '--rps', ready['rpsUrl'] as string, '--count', '2'];
    const env = { DP_ADMIN_TOKEN: ready['adminToken'] };
    const first = await childOutput(tsx('electron/cli/simulate.ts', args, env));
    // Without a serial on record, the app holds each one's first caller for approval; simulate says so and what to do.
    assert.equal(first.stdout.trim().split('\n').at(-1), '0 passed, 2 failed', first.out);
    assert.match(first.stdout, /waiting for approval/);
    assert.match(first.stderr, /2 phone\(s\) have no serial number on record .* the app holds each one's first request for approval/);
    assert.match(first.stderr, /Approve them in the phone panel .* run simulate again; or set their serials .* or use --enroll/);
    for (const p of await api.listPhones()) await api.approveCaller({ params: { mac: p.mac } });
    const approved = await childOutput(tsx('electron/cli/simulate.ts', args, env));
    assert.equal(approved.stdout.trim().split('\n').at(-1), '2 passed, 0 failed', approved.out);
    assert.doesNotMatch(approved.stderr, /no serial number on record/, 'approving put their serials on record');
    // Again, now that they booted once: each plays the maker on record (Yealink files for the first).
    const recorded = (await api.listPhones()).map((p) => p.vendor).sort();
    assert.deepEqual(recorded, ['', 'Yealink']);
    const second = await childOutput(tsx('electron/cli/simulate.ts', args, env));
    assert.equal(second.stdout.trim().split('\n').at(-1), '2 passed, 0 failed', `${second.out} (recorded: ${recorded.join(', ')})`);
  } finally {
    await stop(server);
    await rm(data, { recursive: true, force: true });
  }
});

test("README's set-up on a fresh clone: build, serve with ./site-data, and git status stays clean", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-clone-'));
  const clone = join(dir, 'repo');
  try {
    assert.equal(spawnSync('git', ['clone', '-q', '--no-hardlinks', ROOT, clone]).status, 0);
    // `npm ci` stands in as the installed node_modules (no registry here); the rest is as written.
    await symlink(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: clone, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const server = spawn(
      'npm',
      ['run', '-s', 'serve', '--', '--data', './site-data', '--host', '127.0.0.1', '--port', '0', '--https-port', '0'],
      {
        cwd: clone,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    try {
      const { ready, stderr } = await readyOf(server);
      assert.equal(ready['event'], 'ready');
      for (let i = 0; i < 50 && !stderr().includes('in your browser'); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(stderr(), /Running the built server \(dist\/server\/serve\.cjs/);
      assert.match(stderr(), /Open http:\/\/127\.0\.0\.1:\d+\/#token=\S+ in your browser/);
    } finally {
      try {
        process.kill(-(server.pid as number), 'SIGTERM');
      } catch {
        // gone
      }
      await once(server, 'exit');
    }
    const status = spawnSync('git', ['status', '--porcelain'], { cwd: clone, encoding: 'utf8' });
    assert.equal(
      status.stdout
        .split('\n')
        .filter((l) => l && !l.endsWith('node_modules'))
        .join('\n'),
      '',
      'site-data/ and dist/ are ignored',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
