/**
 * `npm run build`: the production build electron-builder packages, all into dist/.
 *   dist/electron/main.cjs, dist/electron/preload.cjs   the app's main process and preload
 *   dist/server/serve.cjs                               headless mode, without tsx
 *   dist/renderer/                                      the UI (vite, renderer/vite.config.ts)
 *   dist/icons/icon.png                                 the window icon on Linux
 *   dist/meta/<target>.json                             esbuild metafiles (for the checks)
 * `tsx build/build.ts --only main,preload` builds some of them. The build fails if a bundle
 * would need a module the runtime does not provide (see bundle.ts).
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleTarget, ROOT, TARGETS, unavailableAtRuntime, type TargetName } from './bundle';

type Part = TargetName | 'renderer';
const PARTS: Part[] = ['main', 'preload', 'server', 'renderer'];

function parseOnly(argv: string[]): Part[] {
  const i = argv.indexOf('--only');
  if (i < 0) return PARTS;
  const wanted = (argv[i + 1] ?? '').split(',').filter(Boolean);
  for (const w of wanted) if (!PARTS.includes(w as Part)) throw new Error(`unknown part ${w}; one of ${PARTS.join(', ')}`);
  return wanted as Part[];
}

function buildRenderer(): void {
  const config = join(ROOT, 'renderer', 'vite.config.ts');
  if (!existsSync(config)) {
    console.log('renderer: skipped, renderer/vite.config.ts does not exist yet');
    return;
  }
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`renderer: vite build failed (exit ${r.status})`);
  if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) throw new Error('renderer: vite wrote no dist/renderer/index.html');
  console.log('renderer: dist/renderer');
}

async function main(): Promise<void> {
  const parts = parseOnly(process.argv.slice(2));
  const started = Date.now();
  const dist = join(ROOT, 'dist');
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  await mkdir(join(dist, 'meta'), { recursive: true });
  const problems: string[] = [];
  for (const part of parts) {
    if (part === 'renderer') continue;
    await rm(join(dist, TARGETS[part].out), { force: true });
    const out = await bundleTarget(part, dist, version);
    await writeFile(join(dist, 'meta', `${part}.json`), JSON.stringify(out.metafile));
    const missing = await unavailableAtRuntime(out);
    if (missing.length > 0) problems.push(`${part}: needs ${missing.join(', ')} at runtime, which is not bundled`);
    console.log(`${part}: dist/${TARGETS[part].out}`);
  }
  if (parts.includes('main')) {
    const icon = join(ROOT, 'build', 'icons', '512x512.png');
    if (existsSync(icon)) {
      await mkdir(join(dist, 'icons'), { recursive: true });
      await copyFile(icon, join(dist, 'icons', 'icon.png'));
    }
  }
  if (parts.includes('renderer')) buildRenderer();
  if (problems.length > 0) throw new Error(problems.join('\n'));
  console.log(`build: done in ${Date.now() - started} ms`);
}

main().catch((error: Error) => {
  console.error(`build failed: ${error.message}`);
  process.exit(1);
});
