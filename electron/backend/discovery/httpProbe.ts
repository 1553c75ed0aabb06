/** Asks a device for its web page and reads what the page says about it (vendor, model). */
import { request } from 'node:http';
import { fingerprintHttp, type HttpAnswer } from '../../../shared/discovery/httpFingerprint';
import type { DeviceFacts } from '../../../shared/discovery/userAgent';

const MAX_BODY = 16 * 1024;

export function fetchPage(ip: string, timeoutMs: number, signal?: AbortSignal): Promise<HttpAnswer | null> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: HttpAnswer | null) => {
      if (!done) {
        done = true;
        resolve(v);
      }
    };
    const req = request(
      {
        host: ip,
        port: 80,
        path: '/',
        method: 'GET',
        timeout: timeoutMs,
        signal,
        headers: { 'User-Agent': 'Deskphone Provisioner discovery', Connection: 'close' },
      },
      (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.length >= MAX_BODY) res.destroy();
        });
        const end = () =>
          finish({
            status: res.statusCode ?? 0,
            server: String(res.headers['server'] ?? ''),
            authenticate: String(res.headers['www-authenticate'] ?? ''),
            body: body.slice(0, MAX_BODY),
          });
        res.on('end', end);
        res.on('close', end);
        res.on('error', end);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => finish(null));
    req.end();
  });
}

export async function probeHttp(ip: string, timeoutMs: number, signal?: AbortSignal): Promise<DeviceFacts | null> {
  const answer = await fetchPage(ip, timeoutMs, signal);
  if (!answer) return null;
  const facts = fingerprintHttp(answer);
  return facts ? { vendor: facts.vendor, model: facts.model, firmware: facts.firmware } : null;
}

/** Runs `fn` over `items` with at most `width` at a time. */
export async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, worker));
}
