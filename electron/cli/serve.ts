/**
 * Headless mode: `npm run serve -- --data DIR [--host IP] [--port N] [--admin-port N] [--https-port N]`.
 * Starts the backend exactly as the desktop app does and prints one JSON object per line; the
 * first is the `ready` event with the URLs and the admin token (the operator asked to see it).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBackend } from '../backend/backend';
import { defaultDataDir } from '../backend/dataDir';
import { tuneHeap } from '../backend/heapTuning';
import { installLastResortHandlers } from '../backend/faults';
import { createLogger } from '../backend/log';
import { DEFAULT_DEVICE_HTTPS_PORT, DEFAULT_DEVICE_PORT } from '../common/ports';
import { parseArgs, UsageError } from './args';

const HELP = 'usage: npm run serve -- [--data DIR] [--host IP] [--port N] [--admin-port N] [--https-port N] [--advertise IP] [--quiet]';

/** Log lines written before the ready line; printed after it (or before the error when the start fails). */
let early: string[] | undefined = [];

function flushEarly(): void {
  const lines = early ?? [];
  early = undefined;
  for (const line of lines) process.stdout.write(line + '\n');
}

async function main(): Promise<void> {
  tuneHeap();
  const args = parseArgs(process.argv.slice(2), {
    data: 'string',
    host: 'string',
    port: 'number',
    'admin-port': 'number',
    'https-port': 'number',
    advertise: 'string',
    quiet: 'boolean',
    help: 'boolean',
  });
  if (args.help) {
    process.stdout.write(HELP + '\n');
    return;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  // The ready line is always the first line: what is logged while starting (a damaged journal) follows it.
  const logger = createLogger((line) => (early ? early.push(line) : process.stdout.write(line + '\n')), args.quiet ? 'warn' : 'info');
  installLastResortHandlers(logger);
  const backend = await startBackend({
    dataDir: resolve(args.data ?? defaultDataDir()),
    host: args.host ?? '0.0.0.0',
    port: args.port ?? DEFAULT_DEVICE_PORT,
    adminPort: args['admin-port'] ?? 0,
    httpsPort: args['https-port'] ?? (args.port === 0 ? 0 : DEFAULT_DEVICE_HTTPS_PORT),
    ...(args.advertise ? { advertiseHost: args.advertise } : {}),
    rendererDir: process.env['DP_RENDERER_DIR'] ?? join(here, '..', '..', 'dist', 'renderer'),
    logger,
    startedBy: 'headless (npm run serve)',
  });
  const uiUrl = `${backend.adminUrl}/#token=${backend.adminToken}`;
  process.stdout.write(
    JSON.stringify({
      event: 'ready',
      rpsUrl: backend.rpsUrl,
      deviceBaseUrl: backend.deviceBaseUrl,
      deviceHttpsUrl: backend.deviceHttpsUrl ?? null,
      adminUrl: backend.adminUrl,
      adminToken: backend.adminToken,
      uiUrl,
    }) + '\n',
  );
  flushEarly();
  // For the person at the terminal (stdout stays one JSON object per line, for scripts).
  process.stderr.write(`Open ${uiUrl} in your browser; the link holds this session's access token.\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await backend.stop();
    process.stdout.write(JSON.stringify({ event: 'stopped', signal }) + '\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** A port already taken, in words that name the option to change it. */
function explainStartError(error: Error & { code?: string; port?: number }): string {
  if (error.code === 'EADDRINUSE') {
    const port = error.port ?? Number(/:(\d+)\s*$/.exec(error.message)?.[1] ?? NaN);
    const which = Number.isFinite(port) ? `Port ${port} is` : 'A port the app needs is';
    return (
      `${which} already in use (another copy of the app, or another server). Stop it, or pick a free port: ` +
      `--port for the phones' port (e.g. --port 8081), --https-port for HTTPS, --admin-port for the UI.`
    );
  }
  if (error.code === 'EACCES') return `${error.message}: ports below 1024 need administrator rights; use --port 8080 or higher.`;
  return error.message;
}

main().catch((error: Error) => {
  flushEarly();
  const usage = error instanceof UsageError;
  const message = usage ? `${error.message}\n${HELP}` : explainStartError(error);
  process.stderr.write(JSON.stringify({ event: 'error', message }) + '\n');
  process.exit(usage ? 2 : 1);
});
