/**
 * The sweeper on loopback only (127.0.0.0/29): the neighbour table is given (loopback has none),
 * one fake phone answers OPTIONS on 127.0.0.3. Progress is reported as it goes; a sweep can be
 * cancelled; found hosts get the User-Agent their OPTIONS answer carried.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { test } from 'node:test';
import { sweep, type SweepProgress } from '../../../electron/backend/discovery/sweeper';
import { parseCidr } from '../../../shared/discovery/ipv4';
import { headerAll, headerText, parseSipMessage, serialize } from '../../../shared/sip/message';
import type { Mac } from '../../../shared/mac';

const table = async () => [
  { ip: '127.0.0.3', mac: '805ec0112233' as Mac, iface: 'lo' },
  { ip: '127.0.0.5', mac: 'b827eb010203' as Mac, iface: 'lo' },
  { ip: '10.0.0.9', mac: '000413010203' as Mac, iface: 'lo' },
];

test('sweep: every address probed once, progress as it goes, OPTIONS answers read', async () => {
  // FAKE phone: answers SIP OPTIONS like a Yealink would.
  const phone = createSocket('udp4');
  let asked = 0;
  phone.on('message', (buf, rinfo) => {
    const m = parseSipMessage(buf.toString(), { lenient: true });
    if (m?.kind !== 'request' || m.method !== 'OPTIONS') return;
    asked++;
    const vias = headerAll(m.headers, 'via').map((v): [string, string] => ['Via', v]);
    phone.send(
      serialize('SIP/2.0 200 OK', [
        ...vias,
        ['Call-ID', headerText(m, 'call-id')],
        ['CSeq', headerText(m, 'cseq')],
        ['User-Agent', 'Yealink SIP-T46U 108.86.0.20'],
      ]),
      rinfo.port,
      rinfo.address,
    );
  });
  await new Promise<void>((r) => phone.bind(5060, '127.0.0.3', r));
  try {
    const progress: SweepProgress[] = [];
    const result = await sweep({
      iface: { name: 'lo', address: '127.0.0.1' },
      cidr: parseCidr('127.0.0.0/29')!,
      rate: 50,
      settleMs: 200,
      http: false,
      readTable: table,
      onProgress: (p) => progress.push(p),
    });
    assert.equal(result.total, 5, '127.0.0.2-6, our own address left out');
    assert.equal(result.probed, 5);
    assert.equal(asked, 1);
    assert.deepEqual(
      result.devices.map((d) => [d.ip, d.macVendor, d.sip?.model ?? '']),
      [
        ['127.0.0.3', 'Yealink', 'T46U'],
        ['127.0.0.5', 'Raspberry Pi', ''],
      ],
      'only addresses inside the range count',
    );
    assert.equal(progress.at(-1)?.phase, 'done');
    assert.ok(progress.some((p) => p.phase === 'settling'));
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i]!.probed >= progress[i - 1]!.probed);
  } finally {
    phone.close();
  }
});

test('sweep: cancelled part-way, it stops probing and says so', async () => {
  const controller = new AbortController();
  const result = sweep({
    iface: { name: 'lo', address: '127.0.0.1' },
    cidr: parseCidr('127.0.0.0/24')!,
    rate: 10,
    http: false,
    readTable: table,
    signal: controller.signal,
    // Cancelled as soon as it says it is probing: an event, not a guessed delay.
    onProgress: (p) => {
      if (p.phase === 'probing' && p.probed > 0) controller.abort();
    },
  });
  const r = await result;
  assert.equal(r.cancelled, true);
  assert.ok(r.probed < r.total, `${r.probed} of ${r.total}`);
});
