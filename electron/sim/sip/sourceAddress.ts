/**
 * The local IPv4 address this host would send from to reach a SIP server: what a phone puts in its
 * Via and Contact. A connected UDP socket asks the routing table without sending anything.
 * Loopback servers (and any failure) give 127.0.0.1, as before.
 */
import { createSocket } from 'node:dgram';

export function sourceAddressFor(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const done = (address: string) => {
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(address);
    };
    socket.once('error', () => done('127.0.0.1'));
    try {
      socket.connect(port, host, () => {
        try {
          done(socket.address().address);
        } catch {
          done('127.0.0.1');
        }
      });
    } catch {
      done('127.0.0.1');
    }
  });
}
