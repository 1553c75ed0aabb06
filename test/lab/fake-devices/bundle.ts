/**
 * Bundles the fake-device responder into one plain .mjs file, so each namespace starts a bare
 * `node` (about 40 ms) instead of a TypeScript loader.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export async function bundleResponder(outDir: string): Promise<string> {
  const outfile = join(outDir, 'responder.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./responder.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
