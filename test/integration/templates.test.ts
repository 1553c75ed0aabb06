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

test('issue 16: template variables are filled in per phone; a phone that cannot fill one changes nothing', async () => {
  const phones = await enroll(backend.api, { count: 2, start: 40, firstExtension: 5100 });
  const macs = phones.map((p) => p.mac);
  await backend.api.updatePhone({ params: { mac: macs[0] as string }, body: { site: 'HQ floor 2' } });
  await backend.api.updatePhone({ params: { mac: macs[1] as string }, body: { site: 'HQ floor 3' } });
  const template = await backend.api.createTemplate({
    body: { name: 'Own line', buttons: [{ key: 1, type: 'speed_dial', value: '*97{ext}', label: '{ext} {site}' }] },
  });
  await backend.api.applyTemplate({ params: { id: template.id }, body: { macs, mode: 'replace' } });
  const after = await Promise.all(macs.map((mac) => backend.api.getPhone({ params: { mac } })));
  assert.deepEqual(
    after.map((p) => [p.buttons[0]?.value, p.buttons[0]?.label]),
    [
      ['*975100', '5100 HQ floor 2'],
      ['*975101', '5101 HQ floor 3'],
    ],
  );
  const line2 = await backend.api.createTemplate({
    body: { name: 'Line 2 BLF', buttons: [{ key: 3, type: 'blf', value: '{line2.user}' }] },
  });
  await assert.rejects(
    backend.api.applyTemplate({ params: { id: line2.id }, body: { macs, mode: 'merge' } }),
    (e: unknown) => e instanceof ApiError && e.status === 400 && /cannot be filled in for 2 phone/.test(e.message),
  );
  assert.deepEqual(
    (await backend.api.getPhone({ params: { mac: macs[0] as string } })).buttons.map((b) => b.key),
    [1],
    'nothing changed',
  );
});
