/**
 * The lower floor for the registration bench: the same pre-rendered answers as
 * expressFloorServer.ts, from Node's own `http` module with no framework. The gap between the
 * two floors is what Express costs per request on this machine. Run as its own process,
 * bundled like the server; prints its port.
 */
import { createServer, type ServerResponse } from 'node:http';
import { floorRedirect, loadFloorPhones, macKey } from './floorPhones';

const { byMac, byToken } = loadFloorPhones(process.argv[2] as string);
let base = '';
const FILE_PATH = /^\/p\/([^/]+)\/([^/?]+)$/;

function send(res: ServerResponse, status: number, type: string, body: string): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length });
  res.end(bytes);
}

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/rps') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let mac = '';
      try {
        mac = macKey((JSON.parse(Buffer.concat(chunks).toString()) as { mac?: unknown }).mac);
      } catch {
        // an unreadable body is an unknown phone
      }
      const phone = byMac.get(mac);
      if (!phone) send(res, 404, 'application/json', '{"error":{"message":"unknown"}}');
      else send(res, 200, 'application/json', floorRedirect(base, phone));
    });
    return;
  }
  const match = FILE_PATH.exec(req.url ?? '');
  const body = match ? byToken.get(match[1] as string)?.files[match[2] as string] : undefined;
  if (body === undefined) send(res, 404, 'text/plain', '');
  else send(res, 200, 'text/plain', body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  base = `http://127.0.0.1:${port}`;
  process.stdout.write(JSON.stringify({ port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
