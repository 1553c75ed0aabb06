import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { childOutput } from '../support/childOutput';

const ROOT = join(import.meta.dirname, '..', '..');

function tsx(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

test('serve prints the ready line first, simulate enrolls and runs phones, and serve stops cleanly', async () => {
  const data = await mkdtemp(join(tmpdir(), 'dp-cli-'));
  const server = tsx('electron/cli/serve.ts', ['--data', data, '--host', '127.0.0.1', '--port', '0']);
  try {
    const firstLine = await new Promise<string>((resolve) => {
      let buffer = '';
      server.stdout.on('data', (c: Buffer) => {
        buffer += c.toString();
        if (buffer.includes('\n')) resolve(buffer.split('\n')[0] as string);
      });
    });
    const ready = JSON.parse(firstLine) as Record<string, string>;
    assert.equal(ready['event'], 'ready');
    for (const key of ['rpsUrl', 'deviceBaseUrl', 'adminUrl', 'adminToken']) assert.ok(ready[key], key);
    assert.match(ready['adminUrl'] ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);

    const sim = await childOutput(
      tsx(
        'electron/cli/simulate.ts',
        ['--admin', ready['adminUrl'] as string, '--rps', ready['rpsUrl'] as string, '--count', '5', '--enroll'],
        {
          DP_ADMIN_TOKEN: ready['adminToken'],
        },
      ),
    );
    assert.equal(sim.code, 0, sim.stderr);
    assert.equal(sim.stdout.trim().split('\n').at(-1), '5 passed, 0 failed');

    // A failing run: the phones lose their accounts, so each reports why and the exit status says so.
    const api = (path: string, init: RequestInit = {}) =>
      fetch(ready['adminUrl'] + path, {
        ...init,
        headers: { Authorization: `Bearer ${ready['adminToken']}`, 'Content-Type': 'application/json' },
      });
    const phones = (await (await api('/api/v1/phones')).json()) as { mac: string }[];
    const bulk = await api('/api/v1/phones/bulk', {
      method: 'POST',
      body: JSON.stringify({ macs: phones.map((p) => p.mac), action: { kind: 'patch', patch: { lines: [], buttons: [] } } }),
    });
    assert.equal(bulk.status, 200);
    const failing = await childOutput(
      tsx('electron/cli/simulate.ts', ['--admin', ready['adminUrl'] as string, '--rps', ready['rpsUrl'] as string, '--count', '5'], {
        DP_ADMIN_TOKEN: ready['adminToken'],
      }),
    );
    assert.equal(failing.code, 1);
    const lines = failing.stdout.trim().split('\n');
    assert.equal(lines.at(-1), '0 passed, 5 failed');
    assert.equal(lines.filter((l) => /^FAIL [0-9A-F:]{17}: RPS lookup: HTTP 404 .*no account assigned/.test(l)).length, 5);

    const usage = await childOutput(tsx('electron/cli/simulate.ts', ['--count', 'x']));
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /must be a whole number/);
    assert.doesNotMatch(sim.stdout + sim.stderr, new RegExp(ready['adminToken'] as string), 'the token is not printed back');
  } finally {
    server.kill('SIGTERM');
    const [code] = (await once(server, 'exit')) as [number];
    assert.equal(code, 0);
    await rm(data, { recursive: true, force: true });
  }
});
