/**
 * For test/integration/lastResort.test.ts: a real backend with the last-resort handlers, as
 * `serve` installs them; then an uncaught exception and an unhandled rejection. Prints the fault
 * events the UI would get, and whether the backend still answers, one JSON line each.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend } from '../../electron/backend/backend';
import { installLastResortHandlers } from '../../electron/backend/faults';
import { createLogger } from '../../electron/backend/log';

const log = createLogger((line) => process.stdout.write(line + '\n'), 'error');
installLastResortHandlers(log);
const dir = await mkdtemp(join(tmpdir(), 'dp-last-'));
const backend = await startBackend({ dataDir: dir, host: '127.0.0.1', port: 0, adminPort: 0, httpsPort: false, logger: log });
backend.ctx.bus.subscribe((event) => {
  if (event.type === 'fault')
    process.stdout.write(JSON.stringify({ event: 'fault', kind: event.fault.kind, message: event.fault.message }) + '\n');
});
setTimeout(() => {
  throw new RangeError('thrown where nobody catches it');
}, 10);
setTimeout(() => void Promise.reject(new Error('a rejection nobody handles')), 20);
setTimeout(async () => {
  const res = await fetch(`${backend.adminUrl}/api/v1/info`, { headers: { Authorization: `Bearer ${backend.adminToken}` } });
  process.stdout.write(JSON.stringify({ event: 'still-serving', status: res.status }) + '\n');
  await backend.stop();
  await rm(dir, { recursive: true, force: true });
}, 200);
