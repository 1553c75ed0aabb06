#!/usr/bin/env node
// Runs the test suites with Node's own test runner (TypeScript through tsx).
//   node test/run.mjs            unit + integration + lab + e2e
//   node test/run.mjs unit       one suite (unit, integration, lab, e2e)
// Lab suites need root (network namespaces, the Asterisk chroot): without it they skip and say
// why, except under CI=true, where a missing lab is a failure.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const SUITES = ['unit', 'integration', 'lab', 'e2e'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const suites = wanted.length > 0 ? wanted : SUITES;
for (const s of suites)
  if (!SUITES.includes(s)) {
    console.error(`unknown suite ${s}; one of ${SUITES.join(', ')}`);
    process.exit(2);
  }

function find(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(find(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = suites.flatMap((s) => find(join('test', s)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_NO_WARNINGS: '1' },
});
process.exit(result.status ?? 1);
