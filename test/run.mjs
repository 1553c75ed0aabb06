#!/usr/bin/env node
// Runs the test suites with Node's own test runner (TypeScript through tsx).
//   node test/run.mjs            unit + integration + lab + e2e
//   node test/run.mjs unit       one suite (unit, integration, lab, e2e)
// How each suite runs, so the suite takes the time its tests take and not the time tsx takes to
// start: unit files all in ONE process (tsx boots once; their tests run one after another, as
// node:test runs a process's top-level tests), integration files one process each, as many at once
// as the machine has cores (each starts its own backend on port 0 and its own temp dir), and both
// of those at the same time. Lab suites (one set of network namespaces, one Asterisk) and e2e
// (chromium, Electron) run one file at a time, after them.
// Lab suites need root (network namespaces, the Asterisk chroot): without it they skip and say
// why, except under CI=true, where a missing lab is a failure.
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

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

const ENV = { ...process.env, NODE_NO_WARNINGS: '1' };
const CORES = Math.max(1, availableParallelism());

/** Runs node with `args`; its output is passed through live, or kept and printed when it ends. */
function node(args, { buffered }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', buffered ? 'pipe' : 'inherit', buffered ? 'pipe' : 'inherit'],
      env: ENV,
    });
    const chunks = [];
    if (buffered) {
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => chunks.push(c));
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks) }));
  });
}

const inOneProcess = (files) => ['--import', 'tsx', '--test-reporter=spec', join('test', 'support', 'inProcess.mjs'), ...files];
const filePerProcess = (files, concurrency) => [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  `--test-concurrency=${concurrency}`,
  ...files,
];

const groups = [];
const unit = suites.includes('unit') ? find(join('test', 'unit')) : [];
const integration = suites.includes('integration') ? find(join('test', 'integration')) : [];
if (unit.length > 0) groups.push({ name: 'unit', args: inOneProcess(unit) });
if (integration.length > 0) groups.push({ name: 'integration', args: filePerProcess(integration, CORES) });
const serial = suites.filter((s) => s === 'lab' || s === 'e2e').flatMap((s) => find(join('test', s)));

if (groups.length === 0 && serial.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

let failed = false;
// Unit and integration at once; with both, each one's report is printed whole when it ends.
const buffered = groups.length > 1;
const results = await Promise.all(
  groups.map(async (g) => {
    const started = Date.now();
    const r = await node(g.args, { buffered });
    if (buffered) process.stdout.write(r.output);
    console.log(`${g.name}: ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return r.code;
  }),
);
if (results.some((c) => c !== 0)) failed = true;
if (serial.length > 0) {
  const r = await node(filePerProcess(serial, 1), { buffered: false });
  if (r.code !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
