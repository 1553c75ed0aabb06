/**
 * Firmware for phones on the device listener: `GET|HEAD /fw/<sha256 prefix>/<name>`. No phone
 * secret is needed and nothing lists the library: only the exact key of a file in it answers
 * (a wrong key counts as a failed guess for the lock-out, like any unknown path). The file is
 * streamed from disk with its Content-Length, and Range requests get 206 (phones resume) or 416.
 * Mounted on the device app with one line, after the door (lock-out, allow-list) and before the
 * provisioning routes.
 */
import { createReadStream } from 'node:fs';
import type { Request, RequestHandler, Response } from 'express';
import { parseUserAgent } from '../../../shared/discovery/userAgent';
import type { FirmwareEntry } from '../../../shared/firmware/library';
import {
  FIRMWARE_KEY_LENGTH,
  FIRMWARE_PATH_PREFIX,
  SNOM_STATUS_NAME,
  firmwareFileUrl,
  firmwareUrlName,
} from '../../../shared/firmware/url';
import { el, renderXml } from '../../../shared/xml/xml';
import type { Context } from '../context';
import { factsFromAgent } from '../usecases/callers';
import { AppError } from '../errors';
import { clientIp, sendError } from '../http/respond';
import { redactPath } from '../../../shared/security/audit';
import { credentialFailure } from '../usecases/security';
import { recordStep } from '../usecases/timeline';
import { firmwareStoreOf } from './service';
import { firmwareStandingOf } from './forPhone';

const PATH = new RegExp(`^${FIRMWARE_PATH_PREFIX}([0-9a-f]{${FIRMWARE_KEY_LENGTH}})/([A-Za-z0-9._-]{1,200})$`);
/** Read size per chunk: few event-loop turns per megabyte, little memory per download. */
const CHUNK = 64 * 1024;

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/** One `bytes=` range (phones resume with one); undefined for none or a form this server ignores (RFC 9110: serve it all). */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/**
 * Which phone downloads: the MAC its User-Agent names, else the phone last seen at this address
 * whose target is this file (several phones share an address only behind NAT or on loopback).
 */
function phoneOf(ctx: Context, req: Request, ip: string, entry: FirmwareEntry): string | undefined {
  const mac = factsFromAgent(req.get('user-agent') ?? '').mac;
  if (mac && ctx.store.state.phones.has(mac)) return mac;
  let best: { mac: string; seen: string; mine: boolean } | undefined;
  for (const phone of ctx.store.state.phones.values()) {
    const flow = ctx.flowOf(phone.mac);
    if (flow.lastIp !== ip && phone.lastIp !== ip) continue;
    const mine = firmwareStandingOf(ctx, phone).target?.id === entry.id;
    const seen = flow.lastSeen ?? '';
    if (!best || (mine && !best.mine) || (mine === best.mine && seen > best.seen)) best = { mac: phone.mac, seen, mine };
  }
  return best?.mac;
}

/** Resolves when the socket takes more (drain) or is gone (close), leaving no listener behind. */
function writable(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function snomStatus(ctx: Context, entry: FirmwareEntry): string {
  return renderXml(el('firmware-settings', {}, [el('firmware', {}, [firmwareFileUrl(ctx.urls.deviceBaseUrl, entry)])]));
}

function serveFile(ctx: Context, req: Request, res: Response, entry: FirmwareEntry, path: string): void {
  const ip = clientIp(req);
  const userAgent = (req.get('user-agent') ?? '').slice(0, 256);
  const range = parseRange(req.get('range'), entry.size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { 'Content-Range': `bytes */${entry.size}`, 'Content-Length': 0 });
    res.end();
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? entry.size - 1;
  const length = end - start + 1;
  res.writeHead(range ? 206 : 200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': length,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${entry.size}` } : {}),
  });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  const mac = phoneOf(ctx, req, ip, entry);
  const from = parseUserAgent(userAgent)?.firmware ?? '';
  const base = { step: 6 as const, outcome: 'info' as const, ip, userAgent, file: entry.fileName };
  if (mac) {
    recordStep(ctx, {
      ...base,
      mac,
      reason: `Downloading firmware ${entry.version}${from ? ` (runs ${from})` : ''}${start > 0 ? `, resuming at byte ${start}` : ''}.`,
      detail: { firmware: 'download', to: entry.version, ...(from ? { from } : {}), ...(start > 0 ? { resumeAt: start } : {}) },
    });
  }
  const stream = createReadStream(path, { start, end, highWaterMark: CHUNK });
  stream.on('error', (error) => {
    ctx.log.warn('firmware file could not be read', { id: entry.id, error: error.message });
    res.destroy();
  });
  const pacer = ctx.services.firmware?.pacer;
  // Each chunk waits for the socket (backpressure) and for the shared budget before the next is read.
  stream.on('data', (chunk) => {
    const written = res.write(chunk);
    const paced = pacer?.take(chunk.length);
    if (written && !paced) return;
    stream.pause();
    const drained = written ? undefined : writable(res);
    void Promise.all([drained, paced]).then(() => {
      if (!res.destroyed) stream.resume();
    });
  });
  stream.on('end', () => res.end());
  res.on('close', () => {
    stream.destroy();
    if (!mac) return;
    const complete = res.writableFinished;
    recordStep(ctx, {
      ...base,
      mac,
      reason: complete
        ? `Firmware ${entry.version} sent (${length} bytes${range ? ` from byte ${start}` : ''}); the phone installs it and restarts.`
        : `Firmware download stopped before the end; the phone may resume it.`,
      detail: { firmware: complete ? 'downloaded' : 'interrupted', to: entry.version, bytes: length, ...(from ? { from } : {}) },
    });
  });
}

export function firmwareDeviceRoute(ctx: Context): RequestHandler {
  return (req, res, next) => {
    if (!req.path.startsWith(FIRMWARE_PATH_PREFIX)) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const m = PATH.exec(req.path);
    const store = firmwareStoreOf(ctx);
    const id = m && store ? store.byKey.get(m[1] as string) : undefined;
    const entry = id === undefined ? undefined : store?.entries.get(id);
    const name = m?.[2] ?? '';
    const file = entry && store && name === firmwareUrlName(entry.fileName) ? store.filePath(entry.id) : undefined;
    const status = entry && entry.vendor === 'snom' && name === SNOM_STATUS_NAME;
    // Grandstream asks for `<folder>/<its own image name>`: any .bin name of a Grandstream file's folder is that file.
    const grandstream = entry && store && entry.vendor === 'grandstream' && /fw\.bin$/i.test(name) ? store.filePath(entry.id) : undefined;
    if (!entry || (!file && !status && !grandstream)) {
      credentialFailure(
        ctx,
        {
          ip: clientIp(req),
          userAgent: (req.get('user-agent') ?? '').slice(0, 256),
          tls: (req.socket as { encrypted?: boolean }).encrypted === true,
        },
        { kind: 'guard', what: redactPath(req.path), status: 404, reason: 'no_such_path' },
      );
      sendError(res, new AppError('not_found', 'No such file'));
      return;
    }
    if (status) {
      const body = Buffer.from(snomStatus(ctx, entry), 'utf8');
      res.writeHead(200, { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
      res.end(body);
      return;
    }
    serveFile(ctx, req, res, entry, (file ?? grandstream) as string);
  };
}
