import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../electron/backend/store/store';

const KILLS = Number(process.env['DP_KILLS'] ?? 12);

/** Runs the writer until it has acknowledged some writes, then SIGKILLs it mid-stream. */
function writeUntilKilled(dir: string, start: number, killAfterAcks: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '..', 'support', 'storeWriter.ts'), dir, String(start)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const acked: number[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
        if (acked.length >= killAfterAcks && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      }
    });
    child.on('exit', () => resolve(acked));
    child.on('error', reject);
  });
}

test(`the store survives SIGKILL during a stream of writes, ${KILLS} times over, with every acknowledged write`, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-kill-'));
  const allAcked = new Set<number>();
  let next = 0;
  try {
    for (let round = 0; round < KILLS; round++) {
      const acked = await writeUntilKilled(dir, next, 40 + ((round * 37) % 150));
      for (const i of acked) allAcked.add(i);
      next += 100_000;
      const store = await Store.open(dir);
      const missing = [...allAcked].filter((i) => !store.state.accounts.has(`w-${i}`));
      assert.deepEqual(missing, [], `round ${round}: acknowledged writes lost`);
      await store.close();
    }
    process.stdout.write(`kills: ${KILLS}, writes acknowledged: ${allAcked.size}, acknowledged writes found: ${allAcked.size}\n`);
    assert.ok(allAcked.size > KILLS * 40);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
