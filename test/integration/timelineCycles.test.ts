/**
 * A phone going through the same boot cycle again and again keeps a short timeline: each repeat
 * of the last cycle is folded into the cycle before it with a repeat count. A cycle that differed
 * (here a refusal) stays where it happened, and the flow state folded from the stored timeline at
 * a restart is the one the app showed before it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { enroll } from '../../electron/sim/enroll';
import { userAgentOf, VirtualPhone, type PhoneIdentity } from '../../electron/sim/virtualPhone';
import type { StepEvent } from '../../shared/flow/steps';
import { startTestBackend, type TestBackend } from '../support/backend';

const repeatsOf = (e: StepEvent) => (typeof e.detail?.['repeats'] === 'number' ? e.detail['repeats'] : 1);
const cycles = (timeline: StepEvent[]) => timeline.filter((e) => e.step === 1).reduce((n, e) => n + repeatsOf(e), 0);

async function boot(backend: TestBackend, id: PhoneIdentity, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const result = await new VirtualPhone(id, { rpsUrl: backend.rpsUrl }).provision();
    assert.equal(result.ok, true, result.reason);
  }
}

test('repeated boot cycles fold into one with a count; a different cycle stays in place; a restart shows the same state', async () => {
  let backend = await startTestBackend({ httpsPort: false });
  const dataDir = backend.dataDir;
  try {
    const [id] = (await enroll(backend.api, { count: 1 })) as [PhoneIdentity];
    const timeline = () => backend.api.timeline({ params: { mac: id.mac } });

    await boot(backend, id, 1);
    const one = await timeline();
    const perCycle = one.length;
    assert.equal(perCycle, 5, 'steps 1 and 2, then one event for each file served: BootFile, ACC.cfg, BTN.cfg');

    await boot(backend, id, 11);
    const twelve = await timeline();
    assert.ok(twelve.length <= 2 * perCycle, `${twelve.length} events after 12 identical cycles`);
    assert.equal(cycles(twelve), 12, 'every cycle counted');
    const folded = twelve[0] as StepEvent;
    assert.equal(folded.seq, one[0]?.seq, 'the first cycle keeps its place and sequence number');
    assert.ok(typeof folded.detail?.['lastAt'] === 'string' && folded.detail['lastAt'] > folded.at);

    // A cycle that differs: the RPS refuses a wrong serial. It stays, after the folded cycles.
    const refused = await new VirtualPhone({ ...id, serial: 'NOT-THE-LABEL' }, { rpsUrl: backend.rpsUrl }).provision();
    assert.equal(refused.ok, false);
    await boot(backend, id, 4);
    const mixed = await timeline();
    assert.equal(cycles(mixed), 12 + 1 + 4);
    const refusal = mixed.findIndex((e) => e.outcome === 'failed' && /serial number does not match/.test(e.reason ?? ''));
    assert.ok(refusal > 0, 'the refusal is still on the timeline');
    assert.ok(
      mixed.slice(0, refusal).every((e) => e.seq < (mixed[refusal] as StepEvent).seq) &&
        mixed.slice(refusal + 1).every((e) => e.seq > (mixed[refusal] as StepEvent).seq),
      'events stay in the order they happened',
    );
    assert.ok(mixed.length <= 5 * perCycle, `${mixed.length} events`);

    const shown = (await backend.api.getPhone({ params: { mac: id.mac } })).flow;
    assert.equal(shown.stage, 'configured');
    const port = Number(new URL(backend.deviceBaseUrl).port);
    await backend.stop();
    backend = await startTestBackend({ dataDir, port, httpsPort: false });
    const again = (await backend.api.getPhone({ params: { mac: id.mac } })).flow;
    assert.deepEqual(
      { stage: again.stage, steps: Object.keys(again.steps), served: [...again.served].sort() },
      { stage: shown.stage, steps: Object.keys(shown.steps), served: [...shown.served].sort() },
    );
    assert.equal(cycles(await timeline()), 17, 'no cycle lost across the restart');
  } finally {
    await backend.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('cycles whose parallel fetches came in another order still fold', async () => {
  const backend = await startTestBackend({ httpsPort: false });
  try {
    const [id] = (await enroll(backend.api, { count: 1 })) as [PhoneIdentity];
    const headers = { 'user-agent': userAgentOf(id) };
    const cycle = async (files: string[]) => {
      const { provisioningUrl, bootFile } = await new VirtualPhone(id, { rpsUrl: backend.rpsUrl }).askRps();
      for (const name of [bootFile, ...files]) assert.equal((await fetch(provisioningUrl + name, { headers })).status, 200, name);
    };
    await cycle(['ACC.cfg', 'BTN.cfg']);
    await cycle(['BTN.cfg', 'ACC.cfg']);
    await cycle(['ACC.cfg', 'BTN.cfg']);
    await cycle(['BTN.cfg', 'ACC.cfg']);
    const timeline = await backend.api.timeline({ params: { mac: id.mac } });
    assert.equal(timeline.length, 10, 'the first three cycles are one, with the fourth still open');
    assert.equal(repeatsOf(timeline[0] as StepEvent), 3);
    assert.deepEqual(
      timeline.slice(0, 5).map((e) => repeatsOf(e)),
      [3, 3, 3, 3, 3],
      'every event of the folded cycle counted three times',
    );
  } finally {
    await backend.cleanup();
  }
});
