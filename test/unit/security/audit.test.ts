import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../../electron/backend/audit/auditLog';
import { auditCsv, redactPath, type AuditEntry } from '../../../shared/security/audit';

const entry = (i: number, over: Partial<AuditEntry> = {}): Omit<AuditEntry, 'at'> => ({
  ip: `10.0.0.${i % 250}`,
  userAgent: 'Yealink',
  tls: false,
  kind: 'file',
  mac: '805ec0000001',
  what: `F${i}.cfg`,
  outcome: 'served',
  status: 200,
  ...over,
});

test('memory is bounded; the newest come first; filters apply', () => {
  const log = new AuditLog({ memoryLimit: 100 });
  for (let i = 0; i < 1000; i++) log.add(entry(i, i % 2 ? { outcome: 'refused', reason: 'unknown_token', status: 404 } : {}), i);
  const all = log.list({ limit: 10_000 });
  assert.equal(all.length, 100);
  assert.equal(all[0]?.what, 'F999.cfg');
  const refused = log.list({ outcome: 'refused', limit: 5 });
  assert.equal(refused.length, 5);
  assert.ok(refused.every((e) => e.reason === 'unknown_token'));
});

test('identical requests in a row are folded into one entry with a count', () => {
  const log = new AuditLog();
  for (let i = 0; i < 50; i++) log.add(entry(1), 1000 + i);
  log.add(entry(2), 2000);
  const list = log.list({ limit: 10 });
  assert.equal(list.length, 2);
  assert.equal(list[1]?.repeats, 50);
  assert.equal(log.written, 51);
});

test('on disk: one JSON line per entry, rotated by size, read back after a restart, exported as CSV', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-audit-'));
  try {
    const log = new AuditLog({ dir, rotateBytes: 20_000, keepFiles: 2 });
    for (let i = 0; i < 600; i++) log.add(entry(i), i);
    log.close();
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, ['audit.1.ndjson', 'audit.2.ndjson', 'audit.ndjson']);
    const lines = (await readFile(join(dir, 'audit.ndjson'), 'utf8')).trim().split('\n');
    assert.ok(lines.every((l) => JSON.parse(l).ip.startsWith('10.0.0.')));

    const again = new AuditLog({ dir });
    assert.equal(again.list({ limit: 1 })[0]?.what, 'F599.cfg', 'the newest entries come back after a restart');
    const kept = again.all({});
    assert.ok(kept.length > 100 && kept.length < 600, `older files are dropped: ${kept.length}`);
    const csv = auditCsv(kept.slice(-2));
    assert.match(csv, /^time,ip,user_agent,tls,kind,mac,what,outcome,status,reason,repeats,last_time\r\n/);
    assert.match(csv, /F599\.cfg,served,200,,1,/);
    again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('paths are logged without tokens; CSV cells cannot run as formulas', () => {
  assert.equal(redactPath('/p/AbCdEfGhIjKlMnOpQrStUvWx/ACC.cfg'), '/p/[token]/ACC.cfg');
  const csv = auditCsv([{ ...entry(1, { userAgent: '=HYPERLINK("x")' }), at: 't' }]);
  assert.match(csv, /'=HYPERLINK/);
});

test('on disk: each later write is appended too, not only the first', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-audit-'));
  try {
    const log = new AuditLog({ dir });
    log.add(entry(1), 1);
    log.flush();
    log.add(entry(2), 2);
    log.flush();
    log.add(entry(3), 3);
    log.close();
    const lines = (await readFile(join(dir, 'audit.ndjson'), 'utf8')).trim().split('\n');
    assert.deepEqual(
      lines.map((l) => JSON.parse(l).what),
      ['F1.cfg', 'F2.cfg', 'F3.cfg'],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
