/**
 * Sweeps one subnet headless and prints what it found:
 *   npm run discover -- --interface NAME [--cidr CIDR] [--json] [--rate N] [--no-http]
 * Without --interface it lists the interfaces (and which looks like the phones' LAN) and sweeps
 * nothing: a sweep only runs on an interface the user names.
 */
import { sweepRange } from '../../shared/discovery/interfaces';
import { looksLikePhone } from '../../shared/discovery/vendor';
import { formatMac } from '../../shared/mac';
import { listLanInterfaces } from '../backend/discovery/interfaces';
import { describeSwept, sweep } from '../backend/discovery/sweeper';
import { parseArgs, runTool, UsageError } from './args';

const HELP =
  'usage: npm run discover -- --interface NAME [--cidr CIDR] [--json] [--rate PROBES_PER_SECOND] [--no-http]\n' +
  '  Sweeps the subnet of the named interface (or a narrower CIDR inside it) and prints every device found.\n' +
  '  Without --interface, lists the interfaces to pick from.';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), {
    interface: 'string',
    cidr: 'string',
    json: 'boolean',
    rate: 'number',
    'no-http': 'boolean',
    help: 'boolean',
  });
  if (args.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const interfaces = await listLanInterfaces();
  if (!args.interface) {
    process.stderr.write('Pick the interface the phones are on with --interface NAME:\n');
    for (const i of interfaces)
      process.stderr.write(`  ${i.suggested ? '*' : ' '} ${i.name.padEnd(16)} ${i.address.padEnd(15)} ${i.cidr.padEnd(18)} ${i.note}\n`);
    if (interfaces.length === 0) process.stderr.write('  (no interface with an IPv4 address)\n');
    return 2;
  }
  const iface = interfaces.find((i) => i.name === args.interface);
  if (!iface)
    throw new UsageError(
      `no interface named "${args.interface}" with an IPv4 address; one of: ${interfaces.map((i) => i.name).join(', ') || '(none)'}`,
    );
  const range = sweepRange(iface, args.cidr);
  if (!range.ok) throw new UsageError(`${range.message}. ${range.hint}`);

  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const showProgress = process.stderr.isTTY && !args.json;
  const result = await sweep({
    iface,
    cidr: range.cidr,
    ...(args.rate ? { rate: args.rate } : {}),
    http: !args['no-http'],
    signal: controller.signal,
    onProgress: (p) => {
      if (showProgress) process.stderr.write(`\r${p.phase.padEnd(14)} ${p.probed}/${p.total} probed, ${p.found} found `);
    },
  });
  if (showProgress) process.stderr.write('\n');

  for (const d of result.devices) {
    const facts = describeSwept(d);
    const isPhone = looksLikePhone(d.mac, facts.told);
    if (args.json) {
      process.stdout.write(
        JSON.stringify({
          ip: d.ip,
          mac: formatMac(d.mac),
          vendor: facts.vendor,
          model: facts.model,
          firmware: facts.firmware,
          isPhone,
          ...(d.sip ? { sipUserAgent: d.sip.agent } : {}),
        }) + '\n',
      );
    } else {
      const what = [facts.vendor || 'unknown maker', facts.model, facts.firmware && `fw ${facts.firmware}`].filter(Boolean).join(' ');
      process.stdout.write(`${d.ip.padEnd(15)} ${formatMac(d.mac)}  ${what}${isPhone ? '' : '  (not a phone)'}\n`);
    }
  }
  const summary = `${result.devices.length} device(s) on ${result.cidr} via ${result.iface}, ${result.devices.filter((d) => looksLikePhone(d.mac, describeSwept(d).told)).length} phone(s); ${result.probed}/${result.total} addresses probed in ${(result.wallMs / 1000).toFixed(2)} s${result.cancelled ? ' (cancelled)' : ''}`;
  process.stderr.write(summary + '\n');
  return result.cancelled ? 130 : 0;
}

runTool('discover', HELP, main);
