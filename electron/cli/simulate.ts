/**
 * Virtual phones: `npm run simulate -- --admin URL --token T --rps URL --count N [--enroll]`.
 * Each phone walks steps 1 to 6 for real over HTTP. Failures are printed with their reason; the
 * last line is `N passed, M failed`; the exit status is non-zero when any failed.
 * Without --enroll the phones already in the app are used (the first N).
 */
import { createApiClient, ApiError } from '../../shared/api/client';
import { formatMac, parseMac, type Mac } from '../../shared/mac';
import { enroll } from '../sim/enroll';
import { runPhones, type RunSummary } from '../sim/runner';
import type { PhoneIdentity } from '../sim/virtualPhone';
import { enrollLook, isSimVendor, type SimVendorChoice } from '../sim/vendors/profiles';
import { parseArgs, runTool, UsageError } from './args';
import { registerAfterProvisioning, type RegisterCliOptions } from '../sim/sip/registerCli';
import type { PnpBootOptions } from '../sim/pnpBoot';
import { answerModeFrom, type AnswerMode } from '../sim/sip/answer';
import { vendorByName } from '../../shared/vendors/registry';

const HELP =
  'usage: npm run simulate -- --admin URL --token T --rps URL --count N [--enroll] [--start K] [--mac-prefix 805ec0] [--concurrency N] [--json]\n' +
  '  (the token may also come from the DP_ADMIN_TOKEN environment variable, which keeps it out of the shell history)\n' +
  '       npm run simulate -- --pnp --mac MAC [--serial S] [--vendor V] [--model M] [--firmware F] [--register [--hold S]] [--json]\n' +
  '  --pnp [--pnp-timeout SECONDS]: boot by SIP plug-and-play (multicast SUBSCRIBE, provisioning URL from the NOTIFY) instead of asking the RPS;\n' +
  '  --mac: one phone given on the command line (no admin API needed, e.g. inside a lab namespace);\n' +
  "  --vendor yealink|poly|grandstream|snom|fanvil|mixed: play that vendor's firmware (its file names, User-Agent and formats;\n" +
  "    mixed: each phone's recorded maker, or the vendors in turn); with --enroll the phones get that maker's MAC prefix and model.\n" +
  '  --register [--hold SECONDS]: step 7, each phone registers its accounts over UDP with the SIP server in its ACC.cfg,\n' +
  '    stays registered for SECONDS (default: until Ctrl-C), then un-registers.\n' +
  '  --answer auto[:MS]|never|busy (with --register): how the phones take calls, e.g. a desk-check walk ringing them:\n' +
  '    answer after MS milliseconds (default 1000), ring until the caller gives up, or answer busy.\n' +
  '  --upgrade (with --vendor): a phone below its firmware target downloads it, checks its size and SHA-256, reboots on it and provisions again.';

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
    pnp: 'boolean',
    'pnp-timeout': 'number',
    mac: 'string',
    serial: 'string',
    vendor: 'string',
    model: 'string',
    firmware: 'string',
    register: 'boolean',
    hold: 'number',
    answer: 'string',
    upgrade: 'boolean',
  });
  if (args.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const vendorArg = args.vendor?.trim().toLowerCase();
  const simVendor: SimVendorChoice | undefined = vendorArg && isSimVendor(vendorArg) ? vendorArg : undefined;
  const runOptions = {
    ...(simVendor ? { vendor: simVendor } : {}),
    rpsUrl: args.rps ?? '',
    ...(args.concurrency ? { concurrency: args.concurrency } : {}),
    ...(args.pnp ? { pnp: args['pnp-timeout'] ? { timeoutMs: args['pnp-timeout'] * 1000 } : {} } : {}),
  };
  if (args.mac) {
    const mac = parseMac(args.mac);
    if (!mac) throw new UsageError(`--mac "${args.mac}" is not a MAC address`);
    if (!args.pnp && !args.rps) throw new UsageError('--rps or --pnp is required');
    if (simVendor === 'mixed') throw new UsageError('--vendor mixed needs several phones; with --mac name one vendor');
    const look = simVendor ? enrollLook(simVendor) : undefined;
    const one: PhoneIdentity = {
      mac,
      serial: args.serial ?? '',
      vendor: look?.vendor ?? args.vendor ?? 'Yealink',
      model: args.model ?? look?.model ?? 'T46U',
      firmware: args.firmware ?? look?.firmware ?? '108.86.0.20',
    };
    const summary = await runPhones([one], runOptions);
    const code = report(summary, args.json ?? false);
    if (!args.register) return code;
    return Math.max(code, await registerAfterProvisioning(summary, [one], registerOptions(args, simVendor, runOptions.pnp)));
  }
  const token = args.token ?? process.env['DP_ADMIN_TOKEN'];
  if (!args.admin || !token || (!args.rps && !args.pnp)) throw new UsageError('--admin, --token and --rps (or --pnp) are required');
  const count = args.count ?? 1;
  if (count < 1) throw new UsageError('--count must be at least 1');
  const api = createApiClient({ baseUrl: args.admin.replace(/\/$/, ''), token, fetch: fetch as never });

  let phones: PhoneIdentity[];
  if (args.enroll) {
    phones = await enroll(api, {
      count,
      start: args.start ?? 0,
      ...(args['mac-prefix'] ? { macPrefix: args['mac-prefix'] } : {}),
      ...(simVendor ? { vendor: simVendor } : {}),
    });
  } else {
    const listed = await api.listPhones();
    if (listed.length < count) throw new UsageError(`only ${listed.length} phone(s) in the app; add --enroll to create ${count}`);
    phones = listed
      .slice(0, count)
      .map((p) => ({ mac: p.mac as Mac, serial: p.serial, vendor: p.vendor, model: p.model, firmware: p.firmware }));
    phones = withStandInSerials(phones);
  }

  // Without --vendor each phone plays the maker the app recorded for it (a phone that booted once
  // as Yealink is served Yealink files), and the generic phone when none is recorded.
  // --upgrade: vendor phones below their firmware target download it, reboot on it and provision again.
  const upgrade = args.upgrade ? { firmwareLibrary: await api.listFirmware() } : {};
  const summary = simVendor
    ? await runPhones(phones, { ...runOptions, ...upgrade })
    : await runAsRecorded(phones, { ...runOptions, ...upgrade });
  const code = report(summary, args.json ?? false);
  if (!args.register) return code;
  const registered = await registerAfterProvisioning(summary, phones, registerOptions(args, simVendor, runOptions.pnp));
  return Math.max(code, registered);
}

/**
 * A phone added by hand has no serial on record, but a phone always sends one to the RPS: the
 * virtual phone sends a stand-in, and simulate says what happens to it and what to do. The app
 * holds the first device asking as such a phone for approval (unless its site trusts first
 * serials), so the first run of those phones fails with "waiting for approval".
 */
function withStandInSerials(phones: PhoneIdentity[]): PhoneIdentity[] {
  const missing = phones.filter((p) => p.serial === '');
  if (missing.length === 0) return phones;
  process.stderr.write(
    `${missing.length} phone(s) have no serial number on record (e.g. ${formatMac(missing[0]!.mac)}): their virtual phones send ` +
      `SIM<mac> as their serial, and the app holds each one's first request for approval. Approve them in the phone panel ` +
      `(or POST /api/v1/phones/<mac>/approve) and run simulate again; or set their serials in the phone panel or the CSV's ` +
      `serial column; or use --enroll, which records serials.\n`,
  );
  return phones.map((p) => (p.serial === '' ? { ...p, serial: `SIM${p.mac.toUpperCase()}` } : p));
}

/** Each phone as the maker the app recorded for it; the generic phone where none (or an unknown one) is recorded. */
async function runAsRecorded(phones: PhoneIdentity[], options: Parameters<typeof runPhones>[1]): Promise<RunSummary> {
  const known = (p: PhoneIdentity) => vendorByName(p.vendor) !== undefined;
  const branded = phones.filter(known);
  const generic = phones.filter((p) => !known(p));
  const [a, b] = await Promise.all([
    branded.length ? runPhones(branded, { ...options, vendor: 'mixed' }) : undefined,
    generic.length ? runPhones(generic, options) : undefined,
  ]);
  // Results in the order the phones were given.
  const byMac = new Map([...(a?.results ?? []), ...(b?.results ?? [])].map((r) => [r.mac, r]));
  const results = phones.map((p) => byMac.get(p.mac)!);
  const passed = results.filter((r) => r.ok).length;
  return {
    results,
    passed,
    failed: results.length - passed,
    wallMs: Math.max(a?.wallMs ?? 0, b?.wallMs ?? 0),
    latencies: [...(a?.latencies ?? []), ...(b?.latencies ?? [])],
  };
}

/** Step 7 after the run; a phone told to re-sync fetches its files again the way it booted (RPS or plug-and-play). */
function registerOptions(
  args: { rps?: string | undefined; json?: boolean | undefined; hold?: number | undefined; answer?: string | undefined },
  simVendor: SimVendorChoice | undefined,
  pnp: PnpBootOptions | undefined,
): RegisterCliOptions {
  return {
    json: args.json ?? false,
    phoneOptions: {
      rpsUrl: args.rps ?? '',
      ...(simVendor && simVendor !== 'mixed' ? { vendor: simVendor } : {}),
      ...(pnp ? { pnp } : {}),
    },
    ...(args.hold !== undefined ? { holdSeconds: args.hold } : {}),
    ...(args.answer !== undefined ? { answer: parseAnswerMode(args.answer) } : {}),
  };
}

function report(summary: RunSummary, json: boolean): number {
  for (const r of summary.results) {
    if (json)
      process.stdout.write(
        JSON.stringify({
          mac: formatMac(r.mac),
          ok: r.ok,
          ...(r.reason ? { reason: r.reason } : {}),
          ...(r.upgrade ? { upgrade: r.upgrade } : {}),
        }) + '\n',
      );
    else if (!r.ok) process.stdout.write(`FAIL ${formatMac(r.mac)}: ${r.reason}\n`);
  }
  process.stdout.write(`${summary.passed} passed, ${summary.failed} failed\n`);
  return summary.failed === 0 ? 0 : 1;
}

runTool('simulate', HELP, main, (error) =>
  error instanceof ApiError ? `The app refused: ${error.message}${error.hint ? ` (${error.hint})` : ''}` : undefined,
);

function parseAnswerMode(text: string): AnswerMode {
  const mode = answerModeFrom(text);
  if (!mode) throw new UsageError(`--answer "${text.slice(0, 20)}" is not auto, auto:MS, never or busy`);
  return mode;
}
