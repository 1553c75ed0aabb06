import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enroll } from '../../electron/sim/enroll';
import { ApiError } from '../../shared/api/client';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
before(async () => {
  backend = await startTestBackend();
});
after(async () => {
  await backend.cleanup();
});

test('a key template applied to many phones, then undone', async () => {
  const phones = await enroll(backend.api, { count: 3 });
  const macs = phones.map((p) => p.mac);
  const template = await backend.api.createTemplate({
    body: {
      name: 'Reception',
      model: 'T46U',
      buttons: [
        { key: 2, type: 'speed_dial', value: '0', label: 'Operator' },
        { key: 6, type: 'dnd', label: 'DND' },
      ],
    },
  });
  assert.deepEqual(
    (await backend.api.listTemplates()).map((t) => t.name),
    ['Reception'],
  );

  const merged = await backend.api.applyTemplate({ params: { id: template.id }, body: { macs, mode: 'merge' } });
  assert.equal(merged.affected, 3);
  const after = await backend.api.getPhone({ params: { mac: macs[0] as string } });
  assert.deepEqual(
    after.buttons.map((b) => [b.key, b.type]),
    [
      [1, 'line'],
      [2, 'speed_dial'],
      [3, 'voicemail'],
      [4, 'park'],
      [6, 'dnd'],
    ],
  );

  await backend.api.undo({ params: { undoId: merged.undoId } });
  const restored = await backend.api.getPhone({ params: { mac: macs[0] as string } });
  assert.deepEqual(
    restored.buttons.map((b) => b.type),
    ['line', 'blf', 'voicemail', 'park'],
  );

  const replaced = await backend.api.applyTemplate({ params: { id: template.id }, body: { macs, mode: 'replace' } });
  assert.equal(replaced.affected, 3);
  for (const mac of macs) {
    assert.deepEqual(
      (await backend.api.getPhone({ params: { mac } })).buttons.map((b) => b.key),
      [2, 6],
    );
  }
});

test('an invalid template is refused with the field named', async () => {
  await assert.rejects(
    backend.api.createTemplate({ body: { name: 'Bad', buttons: [{ key: 1, type: 'blf', value: '' }] } }),
    (e: Error) => e instanceof ApiError && e.status === 400 && /needs an extension/.test(e.body.issues?.[0]?.message ?? ''),
  );
  assert.equal((await backend.api.listTemplates()).length, 1);
});
