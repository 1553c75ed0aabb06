/**
 * Issue 16: README's set-up, read as a newcomer follows it on a fresh clone. Its commands exist,
 * are the ones .ci/run uses, name the Node version package.json requires and how to get it, and
 * the data folder it suggests is ignored by git.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const readme = read('README.md');
const ci = read('.ci/run');
const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; scripts: Record<string, string> };

/** The shell lines of README's fenced ```sh blocks, comments cut. */
function readmeCommands(): string[] {
  return [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    (m[1] ?? '')
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter(Boolean),
  );
}

test('README names the Node version package.json requires, and how to get it on Debian', () => {
  const min = /(\d+\.\d+)/.exec(pkg.engines.node)?.[1];
  assert.equal(min, '20.19');
  assert.match(readme, new RegExp(`Node\\.js ${min.replace('.', '\\.')} or newer`));
  assert.match(readme, /apt-get\s+install nodejs npm/);
  const installer = read('build/install-node.sh');
  assert.ok(readmeCommands()[0]?.startsWith('sudo bash build/install-node.sh && '), 'the app command installs Node first');
  assert.match(ci, /^bash build\/install-node\.sh$/m, '.ci/run installs Node the same way');
  assert.match(installer, /apt-get install -y -qq --no-install-recommends nodejs npm/);
  assert.match(installer, /a === 20 && b >= 19/, 'the installer checks the same minimum');
  assert.equal(spawnSync('bash', ['-n', join(ROOT, 'build/install-node.sh')]).status, 0, 'build/install-node.sh is valid bash');
});

test("README's set-up commands are npm scripts that exist, and the ones .ci/run runs", () => {
  const commands = readmeCommands();
  assert.equal(commands[0], 'sudo bash build/install-node.sh && npm ci && npm run build && npm run serve -- --data ./site-data');
  assert.equal(commands[1], 'sudo bash .ci/run', 'README starts with the two commands: the app, then the tests');
  assert.ok(commands.includes('sudo bash .ci/run'));
  for (const c of commands.flatMap((l) => l.split('&&')).map((c) => c.trim())) {
    const run = /^npm run ([\w:-]+)/.exec(c);
    if (run) assert.ok(pkg.scripts[run[1] as string], `npm run ${run[1]} is a script`);
    const bare = /^npm (test|start)\b/.exec(c);
    if (bare) assert.ok(pkg.scripts[bare[1] as string], `npm ${bare[1]} is a script`);
  }
  assert.ok(existsSync(join(ROOT, '.ci/run')));
  assert.equal(spawnSync('bash', ['-n', join(ROOT, '.ci/run')]).status, 0, '.ci/run is valid bash');
  assert.match(ci, /^npm ci --no-audit --no-fund$/m);
  assert.match(ci, /^npm test$/m);
  // `npm run serve` starts the built server when there is one.
  assert.match(pkg.scripts['serve'] ?? '', /serve-launch\.mjs/);
  assert.match(read('electron/cli/serve-launch.mjs'), /dist', 'server', 'serve\.cjs/);
});

test("the README's data folder is ignored by git", () => {
  const r = spawnSync('git', ['check-ignore', '-q', 'site-data/store.json'], { cwd: ROOT });
  assert.equal(r.status, 0, 'site-data/ is in .gitignore');
});

test('the Electron download wording is true for electron 45: no download during npm ci', () => {
  assert.doesNotMatch(readme, /npm ci\s+# also downloads the Electron binary/);
  assert.match(readme, /npx install-electron/);
  assert.doesNotMatch(read('test/e2e/support/electronApp.ts'), /`npm ci` could download Electron|install step downloads/);
});
