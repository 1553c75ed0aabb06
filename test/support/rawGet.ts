/** A GET with node:http, keeping each WWW-Authenticate challenge as its own line (fetch and res.headers join them). */
import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  body: string;
  challenges: string[];
}

export function getWithChallenges(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      const challenges = res.rawHeaders.filter((_, i) => i % 2 === 1 && res.rawHeaders[i - 1]?.toLowerCase() === 'www-authenticate');
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, challenges }));
    });
    req.on('error', reject);
    req.end();
  });
}
