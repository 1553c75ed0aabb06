/**
 * The reference for throughput: a minimal Express route that looks a token up in a Map and sends
 * a constant (FORMATS.md section 9). Run as its own process; prints its port.
 */
import express from 'express';

const body = '#!version:1.0.0.1\n' + 'account.1.enable = 1\n'.repeat(12);
const tokens = new Map([['tok_tok_tok_tok_tok_tok_1', body]]);
const app = express();
app.get('/p/:token/:file', (req, res) => {
  const found = tokens.get(req.params.token);
  if (!found) res.status(404).end();
  else res.type('text/plain').send(found);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
