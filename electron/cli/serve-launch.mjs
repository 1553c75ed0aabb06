#!/usr/bin/env node
// `npm run serve`: the built headless server (dist/server/serve.cjs, made by `npm run build`,
// ready in well under a second) when it is there, else the sources through tsx (several seconds).
// Plain JavaScript, so it runs before anything is built. Arguments pass through unchanged.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = join(root, 'dist', 'server', 'serve.cjs');
const args = process.argv.slice(2);
let command;
if (existsSync(built) && process.env.DP_SERVE_FROM_SOURCE !== '1') {
  const when = statSync(built).mtime.toISOString().slice(0, 16).replace('T', ' ');
  process.stderr.write(
    `Running the built server (dist/server/serve.cjs, built ${when} UTC); run \`npm run build\` after changing the sources.\n`,
  );
  command = [process.execPath, [built, ...args]];
} else {
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  command = [process.execPath, [tsx, join(root, 'electron', 'cli', 'serve.ts'), ...args]];
}
const child = spawn(command[0], command[1], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
