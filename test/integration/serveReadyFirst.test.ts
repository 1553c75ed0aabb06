/** `serve` prints its ready line first, always: a warning found while starting (a damaged journal) follows it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

test('the ready line comes first even when the journal is damaged; the warning follows', async () => {
  const data = await mkdtemp(join(tmpdir(), 'dp-ready-'));
  await writeFile(join(data, 'journal.ndjson'), '{"n":1,"op":{"op":"setRules","rules":[]}}\nnot json at all\n');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'electron/cli/serve.ts'), '--data', data, '--host', '127.0.0.1', '--port', '0', '--https-port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const lines = await new Promise<string[]>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (c: Buffer) => {
        buffer += c.toString();
        if (/damaged/.test(buffer) && buffer.endsWith('\n')) resolve(buffer.trim().split('\n'));
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${buffer}`)));
    });
    assert.equal((JSON.parse(lines[0] as string) as { event: string }).event, 'ready');
    const warning = lines.map((l) => JSON.parse(l) as { level?: string; msg?: string }).find((l) => /damaged at entry 2/.test(l.msg ?? ''));
    assert.equal(warning?.level, 'warn');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(data, { recursive: true, force: true });
  }
});
