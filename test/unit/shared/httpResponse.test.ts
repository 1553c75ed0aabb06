/** The virtual phones' HTTP/1.1 response parser, on responses captured from the app and from Node (test/fixtures/http). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpParseError, HttpResponseParser, type HttpResponse } from '../../../shared/http/responseParser';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/http', name)));
const text = (r: HttpResponse) => Buffer.from(r.body).toString('utf8');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** Feeds `data` cut into pieces of `size` bytes; returns the response and how many pieces it took. */
function feedInPieces(data: Uint8Array, size: number, parser = new HttpResponseParser()): HttpResponse | undefined {
  for (let at = 0; at < data.length; at += size) {
    const done = parser.feed(data.subarray(at, at + size));
    if (done) {
      assert.equal(at + size >= data.length, true, 'the response completed before its last byte');
      return done;
    }
  }
  return undefined;
}

test('the app’s RPS answer: status, headers, JSON body, keep-alive', () => {
  const r = new HttpResponseParser().feed(fixture('app-rps-200.bin'));
  assert.ok(r);
  assert.equal(r.status, 200);
  assert.equal(r.statusText, 'OK');
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.keepAlive, true);
  assert.equal((JSON.parse(text(r)) as { status: string }).status, 'redirect');
});

test('the same answer fed one byte at a time, and in 7-byte pieces, gives the same response', () => {
  const whole = new HttpResponseParser().feed(fixture('app-rps-200.bin'));
  for (const size of [1, 7]) {
    const r = feedInPieces(fixture('app-rps-200.bin'), size);
    assert.ok(r, `pieces of ${size}`);
    assert.equal(text(r), text(whole as HttpResponse));
    assert.equal(r.status, 200);
  }
});

test('Connection: close is not kept alive; the 404 body is read by its Content-Length', () => {
  const r = new HttpResponseParser().feed(fixture('app-404-close.bin'));
  assert.ok(r);
  assert.equal(r.status, 404);
  assert.equal(r.keepAlive, false);
  assert.deepEqual(JSON.parse(text(r)), { error: { code: 'not_found', message: 'No such route' } });
});

test('a chunked body is joined, whatever the pieces it arrives in', () => {
  for (const size of [1, 3, 1000]) {
    const r = feedInPieces(fixture('node-chunked.bin'), size);
    assert.ok(r, `pieces of ${size}`);
    assert.equal(text(r), '#!version:1.0.0.1\naccount.1.enable = 1\n');
    assert.equal(r.keepAlive, true);
  }
});

test('chunk extensions and trailers are read past', () => {
  const r = new HttpResponseParser().feed(
    bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n'),
  );
  assert.ok(r);
  assert.equal(text(r), 'hello');
});

test('100 Continue is skipped; the final answer is returned', () => {
  const r = new HttpResponseParser().feed(bytes('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok'));
  assert.ok(r);
  assert.equal(r.status, 201);
  assert.equal(text(r), 'ok');
});

test('a body without length runs until the connection closes, and is not kept alive', () => {
  const parser = new HttpResponseParser();
  assert.equal(parser.feed(bytes('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst ')), undefined);
  assert.equal(parser.feed(bytes('second')), undefined);
  const r = parser.end();
  assert.equal(text(r), 'first second');
  assert.equal(r.keepAlive, false);
});

test('204 and answers to HEAD have no body even with a Content-Length', () => {
  const r204 = new HttpResponseParser().feed(bytes('HTTP/1.1 204 No Content\r\n\r\n'));
  assert.equal(r204?.body.length, 0);
  const head = new HttpResponseParser(true).feed(bytes('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n'));
  assert.equal(head?.body.length, 0);
});

test('repeated headers are joined with a comma', () => {
  const r = new HttpResponseParser().feed(bytes('HTTP/1.1 200 OK\r\nVary: Accept\r\nvary: User-Agent\r\nContent-Length: 0\r\n\r\n'));
  assert.equal(r?.headers.get('vary'), 'Accept, User-Agent');
});

test('broken responses are errors that say what was wrong', () => {
  const bad: [string, RegExp][] = [
    ['SIP/2.0 200 OK\r\n\r\n', /not an HTTP\/1\.x status line/],
    ['HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', /bad header line/],
    ['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', /bad Content-Length/],
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /bad chunk size/],
    ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA', /bytes after the end/],
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokEXTRA\r\n0\r\n\r\n', /longer than its size says/],
  ];
  for (const [input, message] of bad)
    assert.throws(
      () => new HttpResponseParser().feed(bytes(input)),
      (e: unknown) => e instanceof HttpParseError && message.test(e.message),
      input,
    );
  assert.throws(() => new HttpResponseParser().feed(new Uint8Array(17 * 1024).fill(65)), /head longer than/);
  const endless = new HttpResponseParser();
  endless.feed(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
  assert.throws(() => endless.feed(new Uint8Array(17 * 1024).fill(49)), /chunk-size line longer than/);
});

test('a connection closed early says where it was cut off', () => {
  const before = new HttpResponseParser();
  assert.throws(() => before.end(), /closed before a response/);
  const middle = new HttpResponseParser();
  middle.feed(bytes('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
  assert.throws(() => middle.end(), /in the middle of the body/);
});
