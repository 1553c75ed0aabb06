/**
 * The production build: the Node-side bundles are built (into a temp folder, so dist/ is left
 * alone) and checked to need nothing at runtime but what the runtime provides: Node's builtins,
 * and 'electron' in the app. The sandboxed preload may require only 'electron'. The headless
 * bundle is then started for real.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bundleTarget,
  CREATE_REQUIRE_LITERAL,
  externalImports,
  isAllowedAtRuntime,
  ROOT,
  runtimeRequires,
  unavailableAtRuntime,
  type BundleOutput,
  type TargetName,
} from '../../build/bundle';

let outRoot: string;
const built = new Map<TargetName, BundleOutput>();

test.before(async () => {
  outRoot = await mkdtemp(join(tmpdir(), 'dp-build-'));
  for (const t of ['main', 'preload', 'server'] as const) built.set(t, await bundleTarget(t, outRoot, '9.8.7'));
});

test.after(async () => {
  await rm(outRoot, { recursive: true, force: true });
});

function get(t: TargetName): BundleOutput {
  const out = built.get(t);
  assert.ok(out, `${t} was built`);
  return out;
}

test('the main process bundle needs only electron and Node builtins at runtime', async () => {
  const main = get('main');
  assert.deepEqual(await unavailableAtRuntime(main), []);
  const externals = externalImports(main.metafile, main.outfile);
  assert.ok(externals.includes('electron'));
  for (const bundled of ['express', 'zod'])
    assert.ok(
      Object.keys(main.metafile.inputs).some((p) => p.includes(`node_modules/${bundled}/`)),
      `${bundled} is inside the bundle`,
    );
  assert.ok(!Object.keys(main.metafile.inputs).some((p) => p.endsWith('.node')), 'no native addon');
});

test('the sandboxed preload requires nothing but electron', async () => {
  const preload = get('preload');
  assert.deepEqual(externalImports(preload.metafile, preload.outfile), ['electron']);
  assert.deepEqual(await unavailableAtRuntime(preload), []);
  assert.deepEqual(runtimeRequires(await readFile(preload.outfile, 'utf8')).literal, ['electron']);
  assert.match(await readFile(preload.outfile, 'utf8'), /9\.8\.7/, 'the version is built in');
});

test('the headless server bundle needs only Node builtins, never electron', async () => {
  const server = get('server');
  assert.deepEqual(await unavailableAtRuntime(server), []);
  assert.ok(!externalImports(server.metafile, server.outfile).includes('electron'));
});

test('the check itself catches a package left to the runtime, hidden loads included', () => {
  assert.equal(isAllowedAtRuntime('main', 'electron'), true);
  assert.equal(isAllowedAtRuntime('main', 'node:fs'), true);
  assert.equal(isAllowedAtRuntime('main', 'fs'), true);
  assert.equal(isAllowedAtRuntime('main', 'express'), false);
  assert.equal(isAllowedAtRuntime('preload', 'fs'), false);
  assert.equal(isAllowedAtRuntime('server', 'electron'), false);
  const code = 'const a = require("express"); const b = (0, import_node_module.createRequire)(__bundle_url)("node-arp");';
  assert.deepEqual(runtimeRequires(code), { literal: ['express'], hidden: ['node-arp'] });
});

test('a lazy createRequire(import.meta.url)(pkg) load is rewritten so the package is bundled', async () => {
  const source = await readFile(join(ROOT, 'electron', 'backend', 'discovery', 'nodeArp.ts'), 'utf8').catch(() => '');
  const sample = source.includes('createRequire(import.meta.url)') ? source : "x = createRequire(import.meta.url)('node-arp');";
  const rewritten = sample.replace(CREATE_REQUIRE_LITERAL, (_m, q: string, name: string) => `require(${q}${name}${q})`);
  assert.doesNotMatch(rewritten, /createRequire\(import\.meta\.url\)\(/);
  assert.match(rewritten, /require\('node-arp'\)/);
});

test('the headless bundle starts without tsx, answers the admin API and stops on SIGTERM', async () => {
  const data = await mkdtemp(join(tmpdir(), 'dp-build-data-'));
  const child = spawn(process.execPath, [get('server').outfile, '--data', data, '--host', '127.0.0.1', '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const ready = await new Promise<Record<string, string>>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (c: Buffer) => {
        buffer += c.toString();
        const line = buffer.split('\n').find((l) => l.includes('"ready"'));
        if (line) resolve(JSON.parse(line) as Record<string, string>);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    const res = await fetch(`${ready['adminUrl']}/api/v1/info`, { headers: { Authorization: `Bearer ${ready['adminToken']}` } });
    assert.equal(res.status, 200);
    const info = (await res.json()) as { rpsUrl: string };
    assert.equal(info.rpsUrl, ready['rpsUrl']);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(data, { recursive: true, force: true });
  }
});
