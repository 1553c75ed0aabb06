/** The model catalog: look-ups as firmware spells models, key capacity and positions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findModel,
  keyCapacity,
  keyPosition,
  modelOrGeneric,
  modelsOf,
  totalKeys,
  GENERIC_MODEL,
  MODELS,
} from '../../../shared/catalog/models';
import { VENDORS } from '../../../shared/vendors/registry';

test('models are found however firmware and people spell them', () => {
  assert.equal(findModel('Yealink', 'SIP-T46U')?.model, 'T46U');
  assert.equal(findModel('yealink', 't46u')?.model, 'T46U');
  assert.equal(findModel('Polycom', 'VVX_410')?.model, 'VVX 410');
  assert.equal(findModel('Snom', 'snomD785')?.model, 'D785');
  assert.equal(findModel('Fanvil', 'X5U-V2')?.model, 'X5U');
  assert.equal(findModel('', 'GXP2135')?.vendor, 'Grandstream');
  assert.equal(findModel('Yealink', 'GXP2135'), undefined);
  assert.equal(modelOrGeneric('Acme', 'Z1'), GENERIC_MODEL);
});

test('every model belongs to a vendor plugin and only lists key functions that vendor can write', () => {
  for (const m of MODELS) {
    const plugin = VENDORS.find((v) => v.name === m.vendor);
    assert.ok(plugin, m.vendor);
    for (const t of m.buttonTypes) assert.notEqual(plugin.buttonCodes[t], undefined, `${m.model} ${t}`);
  }
  assert.ok(VENDORS.every((v) => modelsOf(v.name).length > 0));
});

test('key capacity counts pages and expansion modules; positions say where a key sits', () => {
  const t46u = findModel('Yealink', 'T46U')!;
  assert.equal(totalKeys(t46u), 30);
  assert.deepEqual(keyCapacity(t46u), { main: 30, expansion: 180, total: 210 });
  assert.deepEqual(keyPosition(t46u, 11), { kind: 'phone', page: 2, index: 1 });
  assert.deepEqual(keyPosition(t46u, 31), { kind: 'expansion', module: 1, index: 1 });
  assert.deepEqual(keyPosition(t46u, 91), { kind: 'expansion', module: 2, index: 1 });
  assert.equal(keyPosition(t46u, 211), undefined);
  assert.equal(keyPosition(findModel('Yealink', 'T31P')!, 3), undefined);
});
