/**
 * The node-arp guard, against the real node-arp and the real `arp` on loopback addresses only.
 * node-arp's two known failure modes are shown to be real here, then shown to be contained.
 */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { acceptNodeArpAnswer, lookupMac, onPath } from '../../../electron/backend/discovery/nodeArp';

const LOOPBACK = '127.0.0.9';

async function withPath<T>(dirs: string[], fn: () => Promise<T>): Promise<T> {
  const saved = process.env['PATH'];
  process.env['PATH'] = dirs.join(':');
  try {
    return await fn();
  } finally {
    process.env['PATH'] = saved;
  }
}

test('answers are believed only when they are a real MAC', () => {
  assert.equal(acceptNodeArpAnswer(false, undefined), null, '"no entry" comes back as success with undefined');
  assert.equal(acceptNodeArpAnswer(false, '(incomplete)'), null);
  assert.equal(acceptNodeArpAnswer(false, '00:00:00:00:00:00'), null);
  assert.equal(acceptNodeArpAnswer(false, 'ff:ff:ff:ff:ff:ff'), null);
  assert.equal(acceptNodeArpAnswer(true, '80:5e:c0:11:22:33'), null);
  assert.equal(acceptNodeArpAnswer(false, '80:5e:c0:11:22:33'), '805ec0112233');
  assert.equal(acceptNodeArpAnswer(false, '0:4:f2:1:2:3'), '0004f2010203', 'macOS short octets');
});

test(
  '"no entry" really is reported as success by node-arp, and the guard turns it into "unknown"',
  { skip: process.platform !== 'linux' && 'Linux net-tools arp' },
  async (t) => {
    if (!(await onPath('arp'))) return t.skip('net-tools arp is not installed');
    // FAKE ping (a link to `true`): the real one may be absent, and only a loopback address is used.
    const dir = await mkdtemp(join(tmpdir(), 'dp-fake-ping-'));
    try {
      await symlink((await onPath('true', '/usr/bin')) ? '/usr/bin/true' : '/bin/true', join(dir, 'ping'));
      const arpDir = (await onPath('arp', '/usr/sbin')) ? '/usr/sbin' : '/sbin';
      const raw = await withPath([dir, arpDir, '/usr/bin', '/bin'], () => {
        const lib = createRequire(import.meta.url)('node-arp') as { getMAC(ip: string, cb: (failed: boolean, v: unknown) => void): void };
        return new Promise<[boolean, unknown]>((resolve) => lib.getMAC(LOOPBACK, (failed, v) => resolve([failed, v])));
      });
      assert.deepEqual(raw, [false, undefined], 'node-arp says "success" with no MAC');
      assert.equal(await withPath([dir, arpDir, '/usr/bin', '/bin'], () => lookupMac(LOOPBACK, { timeoutMs: 2000 })), null);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test('no ping on the machine: node-arp would crash the process; the guard never calls it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-no-ping-'));
  try {
    // FAKE arp (does nothing): the dangerous case is arp present and ping missing.
    await writeFile(join(dir, 'arp'), '#!/bin/sh\nexit 0\n');
    await chmod(join(dir, 'arp'), 0o755);
    assert.equal(await onPath('ping', dir), false);
    const mac = await withPath([dir], () => lookupMac(LOOPBACK, { timeoutMs: 300 }));
    assert.equal(mac, null, 'unknown, and the process is still alive');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('not an IPv4 address: nothing is run', async () => {
  assert.equal(await lookupMac('127.0.0.1; rm -rf /'), null);
  assert.equal(await lookupMac(''), null);
});
