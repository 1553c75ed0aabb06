/** Long jobs survive restarts: a phone half-way through the flow finishes it after the app restarts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { enroll } from '../../electron/sim/enroll';
import { VirtualPhone } from '../../electron/sim/virtualPhone';
import { startTestBackend } from '../support/backend';

test('a phone that did steps 1-4 before a restart does 5-6 after it, on one continuous timeline', async () => {
  let backend = await startTestBackend({ httpsPort: false });
  const dataDir = backend.dataDir;
  try {
    const [id] = await enroll(backend.api, { count: 1 });
    const phone = new VirtualPhone(id!, { rpsUrl: backend.rpsUrl });
    const { provisioningUrl, bootFile } = await phone.askRps();
    const boot = await fetch(provisioningUrl + bootFile);
    assert.equal(boot.status, 200);
    const before = await backend.api.getPhone({ params: { mac: id!.mac } });
    assert.equal(before.flow.stage, 'boot_served');
    const port = Number(new URL(backend.deviceBaseUrl).port);

    // The app goes away (the laptop lid closes) and comes back on the same data dir and port.
    await backend.stop();
    backend = await startTestBackend({ dataDir, port, httpsPort: false });

    const includes = (await boot.text()).match(/include:config\s*=\s*"?([^"\s]+)/g) ?? [];
    const names = includes.length > 0 ? includes.map((l) => l.replace(/.*=\s*"?/, '').replace(/"$/, '')) : ['ACC.cfg', 'BTN.cfg'];
    for (const name of names) {
      const res = await fetch(new URL(name, provisioningUrl));
      assert.equal(res.status, 200, `${name} after the restart`);
    }
    const after = await backend.api.getPhone({ params: { mac: id!.mac } });
    assert.equal(after.flow.stage, 'configured', JSON.stringify(after.flow));
    const timeline = await backend.api.timeline({ params: { mac: id!.mac } });
    const okSteps = timeline.filter((e) => e.outcome === 'ok').map((e) => e.step);
    assert.deepEqual([...new Set(okSteps)], [1, 2, 4, 6], 'one timeline, in order, across the restart (one event per exchange)');
    assert.deepEqual(Object.keys(after.flow.steps), ['1', '2', '3', '4', '5', '6']);
    const seqs = timeline.map((e) => e.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
      'sequence numbers keep growing after the restart',
    );
    assert.equal(new Set(seqs).size, seqs.length);
  } finally {
    await backend.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
