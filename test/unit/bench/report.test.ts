import assert from 'node:assert/strict';
import { test } from 'node:test';
import { section, withSection } from '../../bench/report';

const at = new Date('2026-11-30T07:00:00Z');

test('a bench run replaces its own section of BENCHMARKS.md and keeps the others', () => {
  const first = withSection('', 'startup', section('startup', ['median 180 ms (1.4x the reference)'], true, at));
  assert.match(first, /^# Benchmarks/);
  assert.match(first, /## startup[\s\S]*median 180 ms/);
  const both = withSection(first, 'ui', section('ui', ['filter 12 ms'], true, at));
  const again = withSection(both, 'startup', section('startup', ['median 170 ms'], false, at));
  assert.doesNotMatch(again, /median 180 ms/);
  assert.match(again, /median 170 ms/);
  assert.match(again, /filter 12 ms/);
  assert.match(again, /target NOT met/);
  assert.equal(again.match(/## startup/g)?.length, 1);
  assert.ok(again.indexOf('## startup') < again.indexOf('## ui'), 'sections keep their place');
});

test('the section says when and on what machine', () => {
  const s = section('httpClient', ['a', 'b'], true, at);
  assert.match(s, /Last run 2026-11-30 07:00 UTC on \d+ × .+ Node v\d+/);
  assert.match(s, /```text\na\nb\n```/);
});
