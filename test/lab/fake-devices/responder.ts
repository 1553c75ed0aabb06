/**
 * A fake device's network behaviour, run inside its lab namespace (one process per device):
 * answers SIP OPTIONS on UDP 5060 and HTTP on port 80 the way its vendor does. Named a fake:
 * it stands in for phone firmware, which the lab cannot run.
 *   node responder.mjs '<json {ip, mac, profile}>'
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import { headerAll, headerText, parseSipMessage, serialize } from '../../../shared/sip/message';
import { agentFor, type DeviceProfile } from './profiles';

interface Spec {
  ip: string;
  mac: string;
  profile: DeviceProfile;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as Spec;
const agent = agentFor(spec.profile, spec.mac);
let pending = 0;
const ready = () => {
  if (--pending === 0) process.stdout.write('ready\n');
};

if (agent) {
  pending++;
  const sock = createSocket({ type: 'udp4', reuseAddr: true });
  sock.on('message', (buf, rinfo) => {
    const msg = parseSipMessage(buf.toString('utf8'), { lenient: true });
    if (!msg || msg.kind !== 'request' || msg.method !== 'OPTIONS') return;
    const answer = serialize('SIP/2.0 200 OK', [
      ...headerAll(msg.headers, 'via').map((v): [string, string] => ['Via', v]),
      ['From', headerText(msg, 'from')],
      ['To', `${headerText(msg, 'to')};tag=${spec.mac.slice(-6)}`],
      ['Call-ID', headerText(msg, 'call-id')],
      ['CSeq', headerText(msg, 'cseq')],
      [spec.profile.sipServerHeader ? 'Server' : 'User-Agent', agent],
      ['Allow', 'INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, OPTIONS, INFO, SUBSCRIBE'],
      ['Accept', 'application/sdp'],
    ]);
    sock.send(answer, rinfo.port, rinfo.address);
  });
  sock.bind(5060, spec.ip, ready);
}

const http = spec.profile.http;
if (http) {
  pending++;
  const server = createServer((_req, res) => {
    const headers: Record<string, string> = { 'Content-Type': 'text/html' };
    if (http.server) headers['Server'] = http.server;
    if (http.realm) headers['WWW-Authenticate'] = `Basic realm="${http.realm}"`;
    res.writeHead(http.status, headers);
    res.end(http.body ?? '');
  });
  server.listen(80, spec.ip, ready);
}

if (pending === 0) process.stdout.write('ready\n');
process.on('SIGTERM', () => process.exit(0));
