/**
 * Fanvil X-series key layout, held against wazo-provd-plugins plugins/wazo_fanvil/serie_x/entry.py
 * (TOP_FUNCTION_KEYS / LINE_KEYS_PER_PAGE: X4U 3, X5U 4, X6U 5; FUNCTION_KEYS_PER_PAGE: 6, 6, 12)
 * with common/templates/base-new.tpl (`<dssSide index="1">`, `<FuncKeyPageNum>`, `<internal index>`),
 * and FusionPBX resources/templates/provision/fanvil/x4u, x5u, x6u/{$mac}.cfg (line keys in
 * `<dssSide index="1">`, memory keys in `<internal index="1..5">` of 6, 6 and 12).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Button } from '../../../shared/domain/button';
import type { Mac } from '../../../shared/mac';
import { vendorById } from '../../../shared/vendors/registry';
import { expectedFor, verifyParsed } from '../../../shared/vendors/common/verify';
import { elements, parseXml, textOf, type XmlElement } from '../../../shared/xml/xml';
import { inputOf } from './fixtures';

const MAC = '0c383e112233' as Mac;
const fanvil = vendorById('fanvil');

const blf = (key: number): Button => ({ key, type: 'blf', value: String(2000 + key), label: `K${key}`, line: 1 });

function render(model: string, buttons: Button[]) {
  const input = inputOf('fanvil', buttons);
  input.phone.model = model;
  return { input, text: fanvil.fileFor(`${MAC}.cfg`, MAC)!.render(input) };
}

/** `<place index>` → the Fkey indexes in it, for the file's `<dsskey>`. */
function layout(text: string): Record<string, number[]> {
  const dsskey = elements(parseXml(text), 'dsskey')[0] as XmlElement;
  const out: Record<string, number[]> = {};
  for (const place of dsskey.children.filter((c): c is XmlElement => 'name' in c)) {
    if (place.name === 'FuncKeyPageNum') out[place.name] = [Number(textOf(place))];
    else out[`${place.name} ${place.attrs['index']}`] = elements(place, 'Fkey').map((f) => Number(f.attrs['index']));
  }
  return out;
}

for (const [model, side, perPage] of [
  ['X4U', 3, 6],
  ['X5U', 4, 6],
  ['X6U', 5, 12],
] as const) {
  test(`Fanvil ${model}: keys 1-${side} are line keys on <dssSide index="1">, then ${perPage} memory keys per <internal> page, 5 pages`, () => {
    const last = side + 5 * perPage;
    const keys = [1, side, side + 1, side + perPage, side + perPage + 1, last].map(blf);
    const { input, text } = render(model, keys);
    assert.deepEqual(layout(text), {
      'dssSide 1': [1, side],
      FuncKeyPageNum: [5],
      'internal 1': [1, perPage],
      'internal 2': [1],
      'internal 5': [perPage],
    });
    // Read back as the phone places them: the same key numbers, nothing out of place.
    const parsed = fanvil.parseBack(new Map([[`${MAC}.cfg`, text]]), MAC, model);
    assert.deepEqual(verifyParsed(fanvil, expectedFor(fanvil, input), parsed), []);
    assert.deepEqual(
      parsed.buttons.map((b) => b.key),
      keys.map((b) => b.key),
    );
  });

  test(`Fanvil ${model}: a key past the ${side + 5 * perPage} the phone has is reported and not written`, () => {
    const past = side + 5 * perPage + 1;
    const { input, text } = render(model, [blf(1), blf(past)]);
    const problems = fanvil.unsupportedButtons(input).filter((p) => p.key === past);
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? '', new RegExp(`the Fanvil ${model} has ${side + 5 * perPage} programmable keys`));
    assert.doesNotMatch(text, new RegExp(`>${2000 + past}@`));
    assert.deepEqual(layout(text), { 'dssSide 1': [1] });
  });
}

test('Fanvil: FuncKeyPageNum is the highest memory page used (as wazo-provd writes it)', () => {
  const { text } = render('X5U', [blf(1), blf(4 + 6 + 1)]);
  assert.deepEqual(layout(text), { 'dssSide 1': [1], FuncKeyPageNum: [2], 'internal 2': [1] });
});

test("Fanvil: the virtual phone's check finds keys where the model has none, and pages the phone does not show", () => {
  const { text } = render('X5U', [blf(1), blf(5)]);
  const parse = (t: string) => fanvil.parseBack(new Map([[`${MAC}.cfg`, t]]), MAC, 'X5U').problems;
  assert.deepEqual(parse(text), []);
  // A fifth line key on the X5U (4 line keys), a line-key page 2, a memory key 7 on a page of 6,
  // a sixth page, and a page past FuncKeyPageNum.
  assert.match(
    parse(text.replace('<Fkey index="1">', '<Fkey index="5">')).join('; '),
    /<dssSide index="1"> key 5: the Fanvil X5U has 4 line keys/,
  );
  assert.match(parse(text.replace('<dssSide index="1">', '<dssSide index="2">')).join('; '), /<dssSide index="2"> key 1/);
  assert.match(
    parse(text.replace(/(<internal index="1">\s*<Fkey index=")1"/, '$17"')).join('; '),
    /<internal index="1"> key 7: the Fanvil X5U has 4 line keys and 5 pages of 6 memory keys/,
  );
  assert.match(
    parse(
      text
        .replace('<FuncKeyPageNum>1</FuncKeyPageNum>', '<FuncKeyPageNum>6</FuncKeyPageNum>')
        .replace('<internal index="1">', '<internal index="6">'),
    ).join('; '),
    /<internal index="6"> key 1: the Fanvil X5U has/,
  );
  assert.match(
    parse(text.replace('<internal index="1">', '<internal index="2">')).join('; '),
    /<internal index="2">: past FuncKeyPageNum 1, the phone does not show this page/,
  );
});

test('Fanvil: a model not in the catalog gets every key on <dssSide index="1">, and reads back the same', () => {
  const keys = [1, 5, 12].map(blf);
  const { input, text } = render('X3SG', keys);
  assert.deepEqual(layout(text), { 'dssSide 1': [1, 5, 12] });
  const parsed = fanvil.parseBack(new Map([[`${MAC}.cfg`, text]]), MAC, 'X3SG');
  assert.deepEqual(verifyParsed(fanvil, expectedFor(fanvil, input), parsed), []);
});

test('Fanvil variants are looked up as their base model (X5U-V2 lays keys out as the X5U)', () => {
  const { text } = render('X5U-V2', [blf(4), blf(5)]);
  assert.deepEqual(layout(text), { 'dssSide 1': [4], FuncKeyPageNum: [1], 'internal 1': [1] });
});
