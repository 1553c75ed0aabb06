/** The Buttons screen draws each model's keys as the phone has them (renderer/lib/keyLayout.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findModel } from '../../../shared/catalog/models';
import { keyPages } from '../../../renderer/lib/keyLayout';

const pagesOf = (vendor: string, model: string) => {
  const m = findModel(vendor, model);
  assert.ok(m, `${vendor} ${model} is in the catalog`);
  return keyPages(m).map((p) => `${p.label}:${p.first}+${p.count}`);
};

test('a Fanvil X4U shows its 3 line keys first, then 5 pages of 6 memory keys', () => {
  assert.deepEqual(pagesOf('Fanvil', 'X4U'), ['Line keys:1+3', 'Page 1:4+6', 'Page 2:10+6', 'Page 3:16+6', 'Page 4:22+6', 'Page 5:28+6']);
});

test('a Yealink T46U pages its 27 keys 10 at a time, the last page holding what is left', () => {
  assert.deepEqual(pagesOf('Yealink', 'T46U').slice(0, 3), ['Page 1:1+10', 'Page 2:11+10', 'Page 3:21+7']);
});
