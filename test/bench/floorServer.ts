/**
 * The floor for the registration bench: a minimal Express server that plays RPS and provisioning
 * server with every phone's files rendered beforehand (read from the JSON file named on the
 * command line). No store, timeline, audit or checks: what is left is Node's HTTP and Express
 * routing, the part of the app's cost no application code can remove. Run as its own process,
 * bundled like the server; prints its port.
 */
import { readFileSync } from 'node:fs';
import express from 'express';

interface FloorPhone {
  token: string;
  bootFile: string;
  files: Record<string, string>;
}

const phones = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Record<string, FloorPhone>;
const byMac = new Map(Object.entries(phones).map(([mac, p]) => [mac.replace(/[^0-9a-f]/gi, '').toLowerCase(), p]));
const byToken = new Map([...byMac.values()].map((p) => [p.token, p]));
let base = '';

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.post('/rps', express.json({ limit: '4kb' }), (req, res) => {
  const phone = byMac.get(
    String((req.body as { mac?: unknown }).mac ?? '')
      .replace(/[^0-9a-f]/gi, '')
      .toLowerCase(),
  );
  if (!phone) res.status(404).json({ error: { message: 'unknown' } });
  else res.json({ status: 'redirect', provisioningUrl: `${base}/p/${phone.token}/`, bootFile: phone.bootFile });
});
app.get('/p/:token/:file', (req, res) => {
  const body = byToken.get(req.params.token)?.files[req.params.file];
  if (body === undefined) res.status(404).end();
  else res.type('text/plain').send(body);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  base = `http://127.0.0.1:${port}`;
  process.stdout.write(JSON.stringify({ port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
