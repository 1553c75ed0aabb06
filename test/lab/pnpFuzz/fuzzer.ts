/**
 * Runs inside a lab namespace: multicasts `count` hostile datagrams (hostile.ts) to the
 * plug-and-play group, paced, and listens on its own port for anything that comes back. Prints
 * one JSON line: `{ sent, replies, repliesWithUrl }`.
 * With `retransmit: true` it sends one valid SUBSCRIBE three times instead (the same
 * transaction) and also counts the 200 OKs and NOTIFYs it gets: `{ oks, notifies }`.
 * Usage: fuzzer.ts <json {mac, ip, count, port, retransmit?}>
 */
import { createSocket } from 'node:dgram';
import { hostileDatagram, validDatagram } from './hostile';

const { mac, ip, count, port, retransmit } = JSON.parse(process.argv[2] as string) as {
  mac: string;
  ip: string;
  count: number;
  port: number;
  retransmit?: boolean;
};
const socket = createSocket({ type: 'udp4', reuseAddr: true });
let replies = 0;
let repliesWithUrl = 0;
let oks = 0;
let notifies = 0;
socket.on('message', (buf) => {
  replies++;
  const text = buf.toString('latin1');
  if (/https?:\/\//.test(text)) repliesWithUrl++;
  if (text.startsWith('SIP/2.0 200')) oks++;
  if (text.startsWith('NOTIFY ')) notifies++;
});
socket.on('error', () => undefined);
socket.bind(port, ip, async () => {
  socket.setMulticastInterface(ip);
  socket.setMulticastTTL(1);
  let sent = 0;
  for (let i = 0; i < count; i++) {
    const datagram = retransmit ? validDatagram(mac, ip, port) : hostileDatagram(i, mac, ip, port);
    await new Promise<void>((resolve) =>
      socket.send(datagram, 5060, '224.0.1.75', (error) => {
        if (!error) sent++;
        resolve();
      }),
    );
    if (retransmit) await new Promise((r) => setTimeout(r, 300));
    else if (i % 50 === 49) await new Promise((r) => setTimeout(r, 4));
  }
  // Time for late answers (a NOTIFY would come within a second).
  await new Promise((r) => setTimeout(r, 2000));
  process.stdout.write(JSON.stringify({ sent, replies, repliesWithUrl, oks, notifies }) + '\n');
  socket.close();
});
