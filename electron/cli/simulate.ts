/**
 * Virtual phones: `npm run simulate -- --admin URL --token T --rps URL --count N [--enroll]`.
 * Each phone walks steps 1 to 6 for real over HTTP. Failures are printed with their reason; the
 * last line is `N passed, M failed`; the exit status is non-zero when any failed.
 * Without --enroll the phones already in the app are used (the first N).
 */
import { createApiClient, ApiError } from '../../shared/api/client';
import { formatMac, type Mac } from '../../shared/mac';
import { enroll } from '../sim/enroll';
import { runPhones } from '../sim/runner';
import type { PhoneIdentity } from '../sim/virtualPhone';
import { parseArgs, UsageError } from './args';

const HELP =
  'usage: npm run simulate -- --admin URL --token T --rps URL --count N [--enroll] [--start K] [--mac-prefix 805ec0] [--concurrency N] [--json]\n' +
  '  (the token may also come from the DP_ADMIN_TOKEN environment variable, which keeps it out of the shell history)';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), {
    admin: 'string',
    token: 'string',
    rps: 'string',
    count: 'number',
    enroll: 'boolean',
    start: 'number',
    'mac-prefix': 'string',
    concurrency: 'number',
    json: 'boolean',
    help: 'boolean',
  });
  if (args.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const token = args.token ?? process.env['DP_ADMIN_TOKEN'];
  if (!args.admin || !token || !args.rps) throw new UsageError('--admin, --token and --rps are required');
  const count = args.count ?? 1;
  if (count < 1) throw new UsageError('--count must be at least 1');
  const api = createApiClient({ baseUrl: args.admin.replace(/\/$/, ''), token, fetch: fetch as never });

  let phones: PhoneIdentity[];
  if (args.enroll) {
    phones = await enroll(api, { count, start: args.start ?? 0, ...(args['mac-prefix'] ? { macPrefix: args['mac-prefix'] } : {}) });
  } else {
    const listed = await api.listPhones();
    if (listed.length < count) throw new UsageError(`only ${listed.length} phone(s) in the app; add --enroll to create ${count}`);
    phones = listed
      .slice(0, count)
      .map((p) => ({ mac: p.mac as Mac, serial: p.serial, vendor: p.vendor, model: p.model, firmware: p.firmware }));
  }

  const summary = await runPhones(phones, { rpsUrl: args.rps, ...(args.concurrency ? { concurrency: args.concurrency } : {}) });
  for (const r of summary.results) {
    if (args.json)
      process.stdout.write(JSON.stringify({ mac: formatMac(r.mac), ok: r.ok, ...(r.reason ? { reason: r.reason } : {}) }) + '\n');
    else if (!r.ok) process.stdout.write(`FAIL ${formatMac(r.mac)}: ${r.reason}\n`);
  }
  process.stdout.write(`${summary.passed} passed, ${summary.failed} failed\n`);
  return summary.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof UsageError) process.stderr.write(`${error.message}\n${HELP}\n`);
    else if (error instanceof ApiError) process.stderr.write(`The app refused: ${error.message}${error.hint ? ` (${error.hint})` : ''}\n`);
    else process.stderr.write(`simulate failed: ${error.message}\n`);
    process.exit(2);
  },
);
