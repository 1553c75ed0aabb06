/**
 * The registration monitor finds the phone lines behind an Asterisk endpoint through an index it
 * keeps between events. It is built again only when a phone's lines or the accounts change (not
 * when a phone is merely locked or seen again), and must then follow an account that moved.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RegistrationMonitor } from '../../electron/backend/amiEvents/registrationMonitor';
import { startTestBackend } from '../support/backend';

const backend = await startTestBackend();
const monitor = new RegistrationMonitor(backend.ctx, () => 'Asterisk');
after(async () => {
  monitor.stop();
  await backend.stop();
});

const macsOf = (endpoint: string) => monitor.linesOf(endpoint).map((l) => `${l.mac}/${l.line}`);

test('an account that moves to another phone is found on its new phone; a lock or a new account is seen too', async () => {
  const { api } = backend;
  const a = await api.createAccount({ body: { userName: '4101', password: 'pw-4101', serverHost: 'pbx.local' } });
  await api.createPhone({ body: { mac: '805ec0410101', lines: [{ line: 1, accountId: a.id }] } });
  await api.createPhone({ body: { mac: '805ec0410102', lines: [] } });
  assert.deepEqual(macsOf('4101'), ['805ec0410101/1']);

  // A change that leaves the lines alone (its client) keeps the answer.
  await api.updatePhone({ params: { mac: '805ec0410101' }, body: { client: 'Acme' } });
  assert.deepEqual(macsOf('4101'), ['805ec0410101/1']);

  // The account moves: off the first phone, onto the second as its line 2.
  await api.updatePhone({ params: { mac: '805ec0410101' }, body: { lines: [] } });
  await api.updatePhone({ params: { mac: '805ec0410102' }, body: { lines: [{ line: 2, accountId: a.id }] } });
  assert.deepEqual(macsOf('4101'), ['805ec0410102/2']);

  // A new account with an auth name is found by either name.
  const b = await api.createAccount({ body: { userName: '4102', authName: 'auth4102', password: 'pw-4102', serverHost: 'pbx.local' } });
  await api.updatePhone({ params: { mac: '805ec0410101' }, body: { lines: [{ line: 1, accountId: b.id }] } });
  assert.deepEqual(macsOf('auth4102'), ['805ec0410101/1']);
  assert.deepEqual(macsOf('4102'), ['805ec0410101/1']);

  // A phone removed takes its lines with it.
  await api.deletePhone({ params: { mac: '805ec0410102' } });
  assert.deepEqual(macsOf('4101'), []);
});
