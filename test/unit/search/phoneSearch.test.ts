/**
 * The Phones search on the cases from issue 16: "HQ floor 2" matched floor-1 and floor-3 phones
 * through a 2 in their MAC or IP, "Floor 3" on 5000 phones matched 3075, and `site:"HQ floor 2"`
 * matched nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesQuery, parseQuery, type SearchablePhone } from '../../../shared/search/phoneSearch';

function phone(i: number, floor: number, over: Partial<SearchablePhone> = {}): SearchablePhone {
  const hex = i.toString(16).padStart(6, '0');
  return {
    mac: `805ec0${hex}`,
    ip: `10.2.${floor}.${20 + i}`,
    serial: `SN22${String(i).padStart(4, '0')}`,
    vendor: 'Yealink',
    model: floor === 3 ? 'T54W' : 'T46U',
    site: `HQ floor ${floor}`,
    stage: 'configured',
    stageLabel: 'Configured',
    exts: [String(2000 + i)],
    names: [`Desk ${i}`],
    ...over,
  };
}

/** 30 phones, 10 a floor, as in the try-out: MACs, IPs and extensions full of 2s and 3s. */
const PHONES = Array.from({ length: 30 }, (_, i) => phone(i + 1, Math.floor(i / 10) + 1));
const search = (q: string) => PHONES.filter((p) => matchesQuery(p, parseQuery(q)));
const sites = (ps: SearchablePhone[]) => [...new Set(ps.map((p) => p.site))];

test('"HQ floor 2" finds exactly the floor-2 phones, not a 2 in a MAC, IP or extension', () => {
  const hit = search('HQ floor 2');
  assert.equal(hit.length, 10);
  assert.deepEqual(sites(hit), ['HQ floor 2']);
});

test('"Floor 3" finds the floor-3 phones only', () => {
  const many = Array.from({ length: 5000 }, (_, i) => phone(i + 1, (i % 12) + 1));
  const hit = many.filter((p) => matchesQuery(p, parseQuery('Floor 3')));
  assert.equal(hit.length, many.filter((p) => p.site === 'HQ floor 3').length);
  assert.deepEqual(sites(hit), ['HQ floor 3']);
});

test('field filters: site:"quoted", model:, ext:, and a * for starts-with', () => {
  assert.deepEqual(sites(search('site:"HQ floor 2"')), ['HQ floor 2']);
  assert.equal(search('site:"HQ floor 2"').length, 10);
  assert.equal(search('site:"hq   FLOOR 2"').length, 10, 'case and spaces do not matter');
  assert.equal(search('site:HQ').length, 0, 'a field filter is the whole value');
  assert.equal(search('site:HQ*').length, 30);
  assert.equal(search('model:T46U').length, 20);
  assert.equal(search('model:T54W').length, 10);
  assert.deepEqual(
    search('ext:2001').map((p) => p.exts[0]),
    ['2001'],
  );
  assert.equal(search('ext:201*').length, 10);
  assert.equal(search('model:T46U site:"HQ floor 2"').length, 10);
  assert.equal(search('status:configured').length, 30);
  assert.equal(search('status:registered').length, 0);
});

test('every word must match', () => {
  assert.equal(search('floor 2 T54W').length, 0);
  assert.equal(search('floor 3 T54W').length, 10);
  assert.equal(search('yealink 2005').length, 1);
});

test('words match from the start of a word, never from the middle', () => {
  assert.equal(search('loor').length, 0, 'not inside a word');
  assert.equal(search('flo').length, 30, 'a word start');
  assert.equal(search('T46').length, 20, 'model word start');
  assert.equal(search('desk 7').length, 1, 'display name, whole small number');
  assert.equal(search('201').length, 10, 'extensions 2010-2019 (3 digits: a start)');
  assert.equal(search('2').length, 11, 'a 1-2 digit number is a whole word: floor 2 and "Desk 2"');
  assert.deepEqual(
    search('20').map((p) => p.names[0]),
    ['Desk 20'],
    'a whole word, not the start of 2001 or of an IP octet',
  );
});

test('MAC from its start or its end (as on the sticker), IP from its start, serial from its start', () => {
  assert.equal(search('80:5E:C0').length, 30);
  assert.equal(search('80:5e:c0:00:00:1e').length, 1);
  assert.equal(search('805ec000001e').length, 1);
  assert.equal(search('00:1e').length, 1, 'the sticker end of one MAC');
  assert.equal(search('5ec0').length, 0, 'not the middle of a MAC');
  assert.equal(search('10.2.3').length, 10);
  assert.equal(search('10.2.3.45').length, 1);
  assert.equal(search('SN220001').length, 1);
  assert.equal(search('0001').length, 0, 'not the middle of a serial');
});

test('an unknown field name or a stray quote is searched as words, never an error', () => {
  assert.deepEqual(parseQuery('foo:bar'), { words: ['foo', 'bar'], fields: [] });
  assert.deepEqual(parseQuery('site:"HQ floor'), { words: [], fields: [{ field: 'site', value: 'hq floor', prefix: false }] });
  assert.deepEqual(parseQuery('"hq floor" 2'), { words: ['hq', 'floor 2'], fields: [] });
  assert.deepEqual(parseQuery('2 floor'), { words: ['2', 'floor'], fields: [] });
  assert.deepEqual(parseQuery(''), { words: [], fields: [] });
});
