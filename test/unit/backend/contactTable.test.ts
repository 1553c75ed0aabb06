/** The registration monitor's contact table: by endpoint and URI, with each endpoint's contacts at hand. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContactTable } from '../../../electron/backend/amiEvents/contactTable';
import type { ContactInfo } from '../../../shared/ami/pjsip';

const contact = (endpoint: string, port: number, status: ContactInfo['status']): ContactInfo => ({
  endpoint,
  aor: endpoint,
  uri: `sip:${endpoint}@10.0.0.5:${port}`,
  ip: '10.0.0.5',
  port,
  userAgent: 'Yealink SIP-T46U 108.86.0.20',
  status,
});

test("an endpoint's live contact is found among its own; replaced, removed and cleared contacts are not", () => {
  const table = new ContactTable();
  table.set(contact('1001', 5060, 'Unreachable'));
  table.set(contact('1002', 5060, 'Reachable'));
  assert.equal(table.liveOf('1001'), undefined, 'only an unreachable contact');
  assert.equal(table.liveOf('1002')?.port, 5060);

  table.set(contact('1001', 5062, 'NonQualified'));
  assert.equal(table.liveOf('1001')?.port, 5062);
  assert.deepEqual([...table.of('1001')].map((c) => c.port).sort(), [5060, 5062]);
  assert.equal(table.size, 3);

  // The same URI again replaces the contact, it does not add one.
  table.set(contact('1001', 5062, 'Unreachable'));
  assert.equal(table.size, 3);
  assert.equal(table.liveOf('1001'), undefined);

  table.delete('1001', 'sip:1001@10.0.0.5:5062');
  table.delete('1001', 'sip:1001@10.0.0.5:5060');
  assert.equal(table.has('1001', 'sip:1001@10.0.0.5:5060'), false);
  assert.deepEqual([...table.of('1001')], []);
  assert.equal(table.get('1002', 'sip:1002@10.0.0.5:5060')?.status, 'Reachable');

  table.clear();
  assert.equal(table.size, 0);
  assert.equal(table.liveOf('1002'), undefined);
});
