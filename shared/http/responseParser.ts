/**
 * An HTTP/1.1 response parser fed with bytes as they arrive, for the virtual phones' lean client
 * (electron/sim/httpClient.ts): a body sized by Content-Length, sent chunked, or read until the
 * server closes. Pure; informational (1xx) responses are skipped. One response per parser: the
 * client sends one request at a time on a connection and makes a new parser for the next.
 */

export interface HttpResponseHead {
  status: number;
  statusText: string;
  /** Header names in lower case; a repeated header's values joined with ", ". */
  headers: Map<string, string>;
}

export interface HttpResponse extends HttpResponseHead {
  body: Uint8Array;
  /** False when the server said `Connection: close` or the body ran until the connection closed. */
  keepAlive: boolean;
}

export class HttpParseError extends Error {}

const CR = 13;
const LF = 10;
const MAX_HEAD = 16 * 1024;

/** Bytes as Latin-1 text: HTTP heads and chunk-size lines are ASCII. */
function latin1(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** Index just past the first CRLF CRLF at or after `from`, or -1. */
function endOfHead(bytes: Uint8Array, from: number): number {
  for (let i = bytes.indexOf(CR, from); i >= 0 && i + 3 < bytes.length; i = bytes.indexOf(CR, i + 1)) {
    if (bytes[i + 1] === LF && bytes[i + 2] === CR && bytes[i + 3] === LF) return i + 4;
  }
  return -1;
}

/** Index just past the first CRLF at or after `from`, or -1. */
function endOfLine(bytes: Uint8Array, from: number): number {
  for (let i = bytes.indexOf(CR, from); i >= 0 && i + 1 < bytes.length; i = bytes.indexOf(CR, i + 1)) {
    if (bytes[i + 1] === LF) return i + 2;
  }
  return -1;
}

function parseHead(text: string): HttpResponseHead {
  const lines = text.split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!statusLine) throw new HttpParseError(`not an HTTP/1.x status line: ${JSON.stringify((lines[0] ?? '').slice(0, 60))}`);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpParseError(`bad header line: ${JSON.stringify(line.slice(0, 60))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return { status: Number(statusLine[1]), statusText: statusLine[2] ?? '', headers };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

type BodyMode = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'until-close' };

export class HttpResponseParser {
  private pending: Uint8Array = new Uint8Array(0);
  private head: HttpResponseHead | undefined;
  private mode: BodyMode | undefined;
  private readonly parts: Uint8Array[] = [];
  private done: HttpResponse | undefined;

  /** @param noBody the request was HEAD: a response never has a body. */
  constructor(private readonly noBody = false) {}

  /** Takes the next bytes from the connection; returns the response once it is complete. */
  feed(chunk: Uint8Array): HttpResponse | undefined {
    if (this.done) throw new HttpParseError('bytes after the end of the response');
    this.pending = concat(this.pending, chunk);
    while (!this.head) {
      const end = endOfHead(this.pending, 0);
      if (end < 0) {
        if (this.pending.length > MAX_HEAD) throw new HttpParseError(`response head longer than ${MAX_HEAD} bytes`);
        return undefined;
      }
      const head = parseHead(latin1(this.pending.subarray(0, end - 4)));
      this.pending = this.pending.subarray(end);
      if (head.status >= 100 && head.status < 200) continue; // 100 Continue and friends: the answer follows
      this.head = head;
      this.mode = this.bodyMode(head);
    }
    return this.readBody();
  }

  /** The connection closed: completes a body that runs until the close, else says what was cut off. */
  end(): HttpResponse {
    if (this.done) return this.done;
    if (this.head && this.mode?.kind === 'until-close') {
      this.parts.push(this.pending);
      return this.finish(false);
    }
    throw new HttpParseError(this.head ? 'connection closed in the middle of the body' : 'connection closed before a response');
  }

  private bodyMode(head: HttpResponseHead): BodyMode {
    if (this.noBody || head.status === 204 || head.status === 304) return { kind: 'length', remaining: 0 };
    if (/\bchunked\b/i.test(head.headers.get('transfer-encoding') ?? '')) return { kind: 'chunked' };
    const length = head.headers.get('content-length');
    if (length === undefined) return { kind: 'until-close' };
    if (!/^\d{1,12}$/.test(length)) throw new HttpParseError(`bad Content-Length: ${JSON.stringify(length)}`);
    return { kind: 'length', remaining: Number(length) };
  }

  private readBody(): HttpResponse | undefined {
    const mode = this.mode;
    if (!mode || mode.kind === 'until-close') {
      this.parts.push(this.pending);
      this.pending = new Uint8Array(0);
      return undefined;
    }
    if (mode.kind === 'length') {
      const take = Math.min(mode.remaining, this.pending.length);
      this.parts.push(this.pending.subarray(0, take));
      this.pending = this.pending.subarray(take);
      mode.remaining -= take;
      return mode.remaining === 0 ? this.finish(true) : undefined;
    }
    for (;;) {
      const lineEnd = endOfLine(this.pending, 0);
      if (lineEnd < 0) {
        if (this.pending.length > MAX_HEAD) throw new HttpParseError(`chunk-size line longer than ${MAX_HEAD} bytes`);
        return undefined;
      }
      const sizeText =
        latin1(this.pending.subarray(0, lineEnd - 2))
          .split(';')[0]
          ?.trim() ?? '';
      if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw new HttpParseError(`bad chunk size: ${JSON.stringify(sizeText.slice(0, 20))}`);
      const size = parseInt(sizeText, 16);
      if (size === 0) {
        // Trailers (ignored) end with an empty line.
        const trailersEnd =
          this.pending[lineEnd] === CR && this.pending[lineEnd + 1] === LF ? lineEnd + 2 : endOfHead(this.pending, lineEnd);
        if (trailersEnd < 0 || trailersEnd > this.pending.length) return undefined;
        this.pending = this.pending.subarray(trailersEnd);
        return this.finish(true);
      }
      if (this.pending.length < lineEnd + size + 2) return undefined;
      if (this.pending[lineEnd + size] !== CR || this.pending[lineEnd + size + 1] !== LF) {
        throw new HttpParseError('a chunk is longer than its size says');
      }
      this.parts.push(this.pending.subarray(lineEnd, lineEnd + size));
      this.pending = this.pending.subarray(lineEnd + size + 2);
    }
  }

  private finish(framed: boolean): HttpResponse {
    const head = this.head as HttpResponseHead;
    if (framed && this.pending.length > 0) throw new HttpParseError('bytes after the end of the response');
    const length = this.parts.reduce((n, p) => n + p.length, 0);
    const body = this.parts.length === 1 ? (this.parts[0] as Uint8Array) : new Uint8Array(length);
    if (this.parts.length !== 1) {
      let at = 0;
      for (const part of this.parts) {
        body.set(part, at);
        at += part.length;
      }
    }
    const connection = (head.headers.get('connection') ?? '').toLowerCase();
    this.done = { ...head, body, keepAlive: framed && !/\bclose\b/.test(connection) };
    return this.done;
  }
}
