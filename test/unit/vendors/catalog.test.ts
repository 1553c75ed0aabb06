/** The model catalog: look-ups as firmware spells models, key capacity and positions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findModel,
  keyAt,
  keyCapacity,
  keyPosition,
  modelOrGeneric,
  modelsOf,
  totalKeys,
  unverifiedNote,
  GENERIC_MODEL,
  MODELS,
} from '../../../shared/catalog/models';
import { VENDORS } from '../../../shared/vendors/registry';
import { buttonProblems } from '../../../shared/vendors/common/problems';
import { inputOf } from './fixtures';

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
  // Same file (t33g/y000000000124.cfg): "T33P/T33G: X ranges from 1 to 12".
  const t33g = findModel('Yealink', 'T33G')!;
  assert.equal(totalKeys(t33g), 12);
  assert.equal(t33g.unverified, undefined);
  assert.match(t33g.reference, /t33g\/y000000000124\.cfg .*T33P\/T33G 1 to 12/);
});

test('Poly key counts are wazo-provd _NB_FKEY; VVX 410/450 take 3 modules of 40 (_EXPANSION = 3 * 40)', () => {
  // wazo-platform/wazo-provd-plugins plugins/wazo_polycom/common/common.py.
  const keys = (m: string) => keyCapacity(findModel('Poly', m)!);
  assert.deepEqual(keys('VVX 150'), { main: 2, expansion: 0, total: 2 });
  assert.deepEqual(keys('VVX 250'), { main: 4, expansion: 0, total: 4 });
  assert.deepEqual(keys('VVX 350'), { main: 6, expansion: 0, total: 6 });
  assert.deepEqual(keys('VVX 410'), { main: 12, expansion: 120, total: 132 });
  assert.deepEqual(keys('VVX 450'), { main: 12, expansion: 120, total: 132 });
  for (const m of modelsOf('Poly')) {
    assert.match(m.reference, /^wazo-platform\/wazo-provd-plugins plugins\/wazo_polycom\/common\/common\.py _NB_FKEY\['VVX\d+'\]/);
    assert.equal(m.unverified, undefined, m.model);
  }
});

test('Grandstream key counts are wazo-provd MODEL_FKEYS: VPKs first, then physical MPKs', () => {
  const gxp = findModel('Grandstream', 'GXP2135')!;
  assert.equal(gxp.vpk, 32);
  assert.equal(totalKeys(gxp), 32);
  const grp = findModel('Grandstream', 'GRP2614')!;
  assert.equal(grp.vpk, 16);
  assert.equal(totalKeys(grp), 40);
  // FusionPBX grandstream/grp2614/{$mac}.xml: the EXT keys are "FOR GRP2615/GRP2624/GRP2670/GRP2650 Only".
  assert.equal(grp.expansion, undefined);
  assert.deepEqual(keyCapacity(grp), { main: 40, expansion: 0, total: 40 });
  assert.equal(grp.unverified, undefined);
  assert.match(grp.reference, /FOR GRP2615\/GRP2624\/GRP2670\/GRP2650 Only/);
  // The GRP2615's module keys: the firmware's range pks.ext.1-160 (FusionPBX grp261x), one block;
  // no reference gives the module's own size or count.
  const grp2615 = findModel('Grandstream', 'GRP2615')!;
  assert.deepEqual(keyCapacity(grp2615), { main: 40, expansion: 160, total: 200 });
  assert.match(grp2615.reference, /pks\.ext\.1 to 160/);
});

test('Snom key counts: wazo-provd plugin-info function_keys and modules, FusionPBX maxKeys for the total with modules', () => {
  // wazo-provd-plugins plugins/wazo_snom/v10_1_215_13/plugin-info: D735 32 keys, D785 24, both 3
  // expansion modules; FusionPBX snom/D735 and D785/{$mac}.xml: maxKeys 85 and 77 (fkey idx from 0).
  const capacity = (m: string) => keyCapacity(findModel('Snom', m)!);
  assert.deepEqual(capacity('D735'), { main: 32, expansion: 54, total: 86 });
  assert.deepEqual(capacity('D785'), { main: 24, expansion: 54, total: 78 });
  // D715: wazo-provd's newest plugin-info says 3 keys of its own (5 earlier), FusionPBX's maxKeys
  // 57 makes 4 with 3 modules of 18: the smallest, 3, is taken.
  assert.deepEqual(capacity('D715'), { main: 3, expansion: 54, total: 57 });
  // How the D735/D785 keys page is no reference's figure: one page of all their keys is drawn.
  assert.deepEqual([findModel('Snom', 'D785')!.lineKeys, findModel('Snom', 'D785')!.pages], [24, 1]);
  // M900: a DECT base, plugin-info function_keys 0.
  const m900 = findModel('Snom', 'M900')!;
  assert.deepEqual(keyCapacity(m900), { main: 0, expansion: 0, total: 0 });
  assert.equal(m900.unverified, undefined);
  assert.match(m900.reference, /plugin-info "Snom, M900": function_keys 0/);
});

test('Fanvil key counts: line keys from wazo-provd serie_x/entry.py, memory keys per page from both references, 5 pages from FusionPBX', () => {
  // wazo-platform/wazo-provd-plugins plugins/wazo_fanvil/serie_x/entry.py: TOP_FUNCTION_KEYS and
  // LINE_KEYS_PER_PAGE X4U 3, X5U 4, X6U 5; FUNCTION_KEYS_PER_PAGE 6, 6, 12. FusionPBX
  // fanvil/x4u, x5u, x6u/{$mac}.cfg: <internal index="1..5"> of 6, 6, 12; FuncKeyPageNum 5.
  const figures = (m: string) => {
    const model = findModel('Fanvil', m)!;
    return [model.sideKeys, model.lineKeys, model.pages, totalKeys(model), model.unverified];
  };
  assert.deepEqual(figures('X4U'), [3, 6, 5, 33, undefined]);
  assert.deepEqual(figures('X5U'), [4, 6, 5, 34, undefined]);
  // X6U: wazo-provd's serie_x/plugin-info says 72 function keys, which 5 + 5 × 12 is not; the
  // smaller figure, FusionPBX's 5 pages, is taken.
  assert.deepEqual(figures('X6U'), [5, 12, 5, 65, undefined]);
  const x5u = findModel('Fanvil', 'X5U')!;
  assert.match(x5u.reference, /wazo_fanvil\/serie_x\/entry\.py: TOP_FUNCTION_KEYS\['X5U'\] 4/);
  assert.match(x5u.reference, /fusionpbx\/fusionpbx resources\/templates\/provision\/fanvil\/x5u\/\{\$mac\}\.cfg/);
  // Positions: line keys first, then memory-key pages; keyAt reads them back.
  assert.deepEqual(keyPosition(x5u, 4), { kind: 'side', index: 4 });
  assert.deepEqual(keyPosition(x5u, 5), { kind: 'phone', page: 1, index: 1 });
  assert.deepEqual(keyPosition(x5u, 34), { kind: 'phone', page: 5, index: 6 });
  assert.equal(keyPosition(x5u, 35), undefined);
  assert.equal(keyAt(x5u, { kind: 'phone', page: 2, index: 1 }), 11);
  assert.equal(keyAt(x5u, { kind: 'side', index: 5 }), undefined);
  assert.equal(keyAt(x5u, { kind: 'phone', page: 1, index: 7 }), undefined);
  assert.equal(keyAt(x5u, { kind: 'phone', page: 6, index: 1 }), undefined);
  for (let key = 1; key <= 34; key++) assert.equal(keyAt(x5u, keyPosition(x5u, key)!), key);
});

test('every model names the reference its key counts came from, or says which figure is unverified', () => {
  for (const m of MODELS) {
    assert.ok(m.reference.length > 10, `${m.vendor} ${m.model}`);
    // A figure no reference gives is named, and the reference text says so.
    assert.equal(m.unverified !== undefined, /unverified/.test(m.reference), `${m.vendor} ${m.model}`);
  }
  for (const m of modelsOf('Yealink')) assert.match(m.reference, /^fusionpbx\/fusionpbx resources\/templates\/provision\/yealink\//);
  // Every figure now comes from a reference (where two disagree, the smaller is taken).
  assert.deepEqual(
    MODELS.filter((m) => m.unverified).map((m) => `${m.vendor} ${m.model}`),
    [],
  );
  assert.equal(unverifiedNote(findModel('Poly', 'VVX 410')!), undefined);
});

test('a model with an unverified figure would be told so in its note; a cited model gets none', () => {
  const vvx = findModel('Poly', 'VVX 410')!;
  assert.equal(unverifiedNote(vvx), undefined);
  const guessed = { ...vvx, unverified: 'key count' };
  assert.match(unverifiedNote(guessed) ?? '', /^Poly VVX 410: key count not verified against a vendor reference \(this app counts /);
  // No catalog model carries one now, so no vendor file carries the note.
  const snom = VENDORS.find((v) => v.name === 'Snom')!;
  assert.equal(buttonProblems(snom, inputOf('snom')).filter((p) => p.type === 'model').length, 0);
});
