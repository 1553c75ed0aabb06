/**
 * A floor for the registration bench: a minimal Express server that plays RPS and provisioning
 * server with every phone's files rendered beforehand (test/bench/floorPhones.ts). No store,
 * timeline, audit or checks: what is left is Node's HTTP and Express routing, the part of the
 * app's cost no application code can remove while the app is built on Express. Run as its own
 * process, bundled like the server; prints its port.
 */
import express from 'express';
import { floorRedirect, loadFloorPhones, macKey } from './floorPhones';

const { byMac, byToken } = loadFloorPhones(process.argv[2] as string);
let base = '';

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.post('/rps', express.json({ limit: '4kb' }), (req, res) => {
  const phone = byMac.get(macKey((req.body as { mac?: unknown }).mac));
  if (!phone) res.status(404).json({ error: { message: 'unknown' } });
  else res.type('application/json').send(floorRedirect(base, phone));
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
