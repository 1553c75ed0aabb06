/**
 * The production bundles of the Node side, built with esbuild: the Electron main process, the
 * preload, and the headless server. Everything is bundled except what the runtime provides
 * (Node's builtins; 'electron' in the app), so the packaged app needs no node_modules. The
 * checks below read esbuild's metafile and the output itself; test/integration/build.test.ts
 * fails if a bundle would need anything else at runtime.
 */
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';

export const ROOT = join(import.meta.dirname, '..');

export type TargetName = 'main' | 'preload' | 'server';

interface Target {
  entry: string;
  /** Relative to the output root (dist/). */
  out: string;
  /** Node version of the runtime: Electron 45's Node, or the Node that runs headless mode. */
  node: string;
  /** What may stay outside the bundle. The sandboxed preload may require only 'electron'. */
  allow: 'electron+builtins' | 'electron' | 'builtins';
}

export const TARGETS: Record<TargetName, Target> = {
  main: { entry: 'electron/main.ts', out: 'electron/main.cjs', node: 'node22', allow: 'electron+builtins' },
  preload: { entry: 'electron/preload.ts', out: 'electron/preload.cjs', node: 'node22', allow: 'electron' },
  server: { entry: 'electron/cli/serve.ts', out: 'server/serve.cjs', node: 'node20', allow: 'builtins' },
};

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

export function isAllowedAtRuntime(target: TargetName, specifier: string): boolean {
  const allow = TARGETS[target].allow;
  if (specifier === 'electron') return allow !== 'builtins';
  return allow !== 'electron' && (BUILTINS.has(specifier) || specifier.startsWith('node:'));
}

/**
 * `createRequire(import.meta.url)('pkg')` (a lazy, guarded load) is invisible to a bundler and
 * would look for node_modules beside the bundle at runtime. Rewritten to `require('pkg')`, esbuild
 * bundles the package and the lazy, guarded load stays lazy and guarded.
 */
export const CREATE_REQUIRE_LITERAL = /createRequire\(\s*import\.meta\.url\s*\)\(\s*(['"])([^'"]+)\1\s*\)/g;

const bundleLazyRequires: Plugin = {
  name: 'bundle-lazy-requires',
  setup(b) {
    b.onLoad({ filter: /[\\/](electron|shared)[\\/].*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('createRequire')) return undefined;
      return { contents: text.replace(CREATE_REQUIRE_LITERAL, (_m, q: string, name: string) => `require(${q}${name}${q})`), loader: 'ts' };
    });
  },
};

export interface BundleOutput {
  target: TargetName;
  outfile: string;
  metafile: Metafile;
}

export async function bundleTarget(name: TargetName, outRoot: string, version: string): Promise<BundleOutput> {
  const t = TARGETS[name];
  const outfile = join(outRoot, t.out);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, t.entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: t.node,
    external: t.allow === 'builtins' ? [] : ['electron'],
    // CommonJS output has no import.meta; this gives code that asks for it the bundle's own URL.
    // Not in the sandboxed preload, which may require nothing but 'electron'.
    ...(name === 'preload'
      ? { define: { 'process.env.DESKPHONE_VERSION': JSON.stringify(version) } }
      : {
          banner: { js: 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
          define: { 'import.meta.url': '__bundle_url', 'import.meta.dirname': '__dirname' },
        }),
    plugins: [bundleLazyRequires],
    // Minified: start-up time is mostly parsing this file (see test/bench/startup.ts). DP_NO_MINIFY=1
    // keeps names readable for a CPU profile.
    minify: process.env['DP_NO_MINIFY'] !== '1',
    keepNames: false,
    metafile: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  });
  if (!result.metafile) throw new Error(`esbuild wrote no metafile for ${name}`);
  return { target: name, outfile, metafile: result.metafile };
}

/** Module specifiers the bundle leaves for the runtime, as esbuild recorded them. */
export function externalImports(metafile: Metafile, outfile: string): string[] {
  const key = relative(ROOT, outfile).split('\\').join('/');
  const output = metafile.outputs[key];
  if (!output) throw new Error(`no ${key} in the metafile (outputs: ${Object.keys(metafile.outputs).join(', ')})`);
  return [...new Set(output.imports.filter((i) => i.external).map((i) => i.path))].sort();
}

/** `require("x")` calls with a literal left in the output, and loads esbuild could not see. */
export function runtimeRequires(code: string): { literal: string[]; hidden: string[] } {
  const literal = new Set<string>();
  for (const m of code.matchAll(/\brequire\(\s*(['"])([^'"]+)\1\s*\)/g)) literal.add(m[2] as string);
  const hidden = new Set<string>();
  for (const m of code.matchAll(/createRequire\)?\([^()]*\)\(\s*(['"])([^'"]+)\1\s*\)/g)) hidden.add(m[2] as string);
  return { literal: [...literal].sort(), hidden: [...hidden].sort() };
}

/** Everything a bundle would need at runtime that the runtime does not provide. */
export async function unavailableAtRuntime(out: BundleOutput): Promise<string[]> {
  const code = await readFile(out.outfile, 'utf8');
  const { literal, hidden } = runtimeRequires(code);
  const needed = new Set([...externalImports(out.metafile, out.outfile), ...literal, ...hidden]);
  return [...needed].filter((s) => !isAllowedAtRuntime(out.target, s)).sort();
}
