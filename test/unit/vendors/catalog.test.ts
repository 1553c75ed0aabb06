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
  // FusionPBX yealink/t46u/y000000000108.cfg: "LineKeyX ranges ... T46U: X ranges from 1 to 27";
  // "Expansion Key X ranges (... T46U ...: X ranges from 1 to 3, Y ranges from 1 to 60)".
  const t46u = findModel('Yealink', 'T46U')!;
  assert.equal(totalKeys(t46u), 27);
  assert.deepEqual(keyCapacity(t46u), { main: 27, expansion: 180, total: 207 });
  assert.deepEqual(keyPosition(t46u, 11), { kind: 'phone', page: 2, index: 1 });
  assert.deepEqual(keyPosition(t46u, 27), { kind: 'phone', page: 3, index: 7 });
  assert.deepEqual(keyPosition(t46u, 28), { kind: 'expansion', module: 1, index: 1 });
  assert.deepEqual(keyPosition(t46u, 88), { kind: 'expansion', module: 2, index: 1 });
  assert.equal(keyPosition(t46u, 208), undefined);
  assert.equal(keyPosition(findModel('Yealink', 'T31P')!, 3), undefined);
});

test("Yealink key counts are the templates' LineKeyX ranges: 27 for T46U/T46S-class, 29 for T48U/T57W, 21 for T43U", () => {
  const keys = (m: string) => totalKeys(findModel('Yealink', m)!);
  assert.deepEqual(['T46U', 'T53W', 'T54W', 'T46G', 'T48U', 'T57W', 'T43U', 'T42U'].map(keys), [27, 27, 27, 27, 29, 29, 21, 15]);
});

test('Grandstream key counts are wazo-provd MODEL_FKEYS: VPKs first, then physical MPKs', () => {
  const gxp = findModel('Grandstream', 'GXP2135')!;
  assert.equal(gxp.vpk, 32);
  assert.equal(totalKeys(gxp), 32);
  const grp = findModel('Grandstream', 'GRP2614')!;
  assert.equal(grp.vpk, 16);
  assert.equal(totalKeys(grp), 40);
});

test('every model names the reference its key counts came from', () => {
  for (const m of MODELS) assert.ok(m.reference.length > 10, `${m.vendor} ${m.model}`);
  const yealink = MODELS.filter((m) => m.vendor === 'Yealink' && m.model !== 'T33G');
  for (const m of yealink) assert.match(m.reference, /^fusionpbx\/fusionpbx resources\/templates\/provision\/yealink\//);
});
