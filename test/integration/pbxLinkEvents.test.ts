/**
 * The PBX link reaches the UI over the event stream: pointing the AMI settings at a closed
 * loopback port gives `pbx-link` events in state `connecting` with the reason and a hint;
 * clearing the AMI user gives `not_configured`. Each event says something new, the AMI secret is
 * never in the stream, and a settings change that leaves the AMI part alone sends nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { ServerEvent } from '../../shared/api/events';
import { startTestBackend, type TestBackend } from '../support/backend';
import { readEvents, type EventReader } from '../support/events';

type LinkEvent = Extract<ServerEvent, { type: 'pbx-link' }>;
const isLink = (e: ServerEvent): e is LinkEvent => e.type === 'pbx-link';
const SECRET = 'ami-link-Secret-0815';

let backend: TestBackend;
let stream: EventReader;

/** A loopback port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

before(async () => {
  backend = await startTestBackend({ httpsPort: false });
  stream = await readEvents(backend);
});

after(async () => {
  stream.close();
  await backend.cleanup();
});

test('an unreachable PBX shows as connecting with the reason, then not_configured once the AMI user is cleared', async () => {
  // A backend without PBX settings starts not_configured and says so without an event.
  assert.deepEqual((await backend.api.pbxRegistrations()).link, { state: 'not_configured' });
  const port = await closedPort();
  await backend.api.updateSettings({ body: { pbx: { amiHost: '127.0.0.1', amiPort: port, amiUser: 'dp', amiSecret: SECRET } } });

  const failing = await stream.next('connecting with an error', (e) => isLink(e) && e.link.state === 'connecting' && !!e.link.lastError);
  assert.ok(isLink(failing) && failing.link.state === 'connecting');
  assert.equal(failing.synced, false);
  assert.match(failing.link.lastError ?? '', /refused/i);
  assert.match(failing.link.lastError ?? '', new RegExp(`127\\.0\\.0\\.1:${port}`));
  assert.ok(failing.link.hint, 'a hint says what to check');
  assert.ok(failing.link.attempt >= 1);
  // The first event after the change is the new session starting, before any error.
  const first = stream.events.find(isLink);
  assert.deepEqual(first, { type: 'pbx-link', link: { state: 'connecting', attempt: 0 }, synced: false });
  // The API agrees with what the stream said (the stream keeps retrying, so compare the state).
  const regs = await backend.api.pbxRegistrations();
  assert.equal(regs.link.state, 'connecting');
  assert.equal(regs.synced, false);

  const mark = stream.events.length;
  await backend.api.updateSettings({ body: { pbx: { amiUser: '' } } });
  const off = await stream.next('not_configured', (e) => isLink(e) && e.link.state === 'not_configured', { from: mark });
  assert.deepEqual(off, { type: 'pbx-link', link: { state: 'not_configured' }, synced: false });
  assert.deepEqual((await backend.api.pbxRegistrations()).link, { state: 'not_configured' });

  // No more retries once the link is off, and a change outside the AMI settings sends no pbx-link.
  const afterOff = stream.events.length;
  await backend.api.updateSettings({ body: { pbx: { sipHost: '127.0.0.9' } } });
  // A later event of another kind: the stream keeps order, so anything sent before it has arrived.
  await backend.api.createAccount({ body: { userName: '4711', password: 'pw-4711-x', serverHost: '127.0.0.1' } });
  await stream.next('the account event', (e) => e.type === 'accounts-changed', { from: afterOff });
  assert.deepEqual(stream.events.slice(afterOff).filter(isLink), []);

  // Never the same news twice in a row, and never the secret.
  const links = stream.events.filter(isLink).map((e) => JSON.stringify(e));
  for (let i = 1; i < links.length; i++) assert.notEqual(links[i], links[i - 1], `event ${i} repeats the one before`);
  assert.ok(!stream.text().includes(SECRET), 'the AMI secret is not in the event stream');
});
