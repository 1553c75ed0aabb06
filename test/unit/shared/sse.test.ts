import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSseChunk } from '../../../shared/api/sse';

function collect(chunks: string[]): { data: string[]; tail: string } {
  const data: string[] = [];
  let tail = '';
  for (const c of chunks) tail = parseSseChunk(tail + c, (d) => data.push(d));
  return { data, tail };
}

test('data lines become payloads, whatever the chunk boundaries; the unfinished event waits', () => {
  const stream = ': keep-alive\n\ndata: {"type":"a"}\n\ndata: {"type":"b"}\n\ndata: {"ty';
  for (let cut = 0; cut <= stream.length; cut++) {
    const r = collect([stream.slice(0, cut), stream.slice(cut)]);
    assert.deepEqual(r.data, ['{"type":"a"}', '{"type":"b"}'], `cut at ${cut}`);
    assert.equal(r.tail, 'data: {"ty');
  }
});

test('CRLF and CR line ends, multi-line data, no space after the colon, comments and other fields', () => {
  const r = collect(['event: x\r\nid: 3\r\ndata: one\r\ndata:two\r\n\r\n', ': ping\r\rdata: three\r\rdata: four\n\n']);
  assert.deepEqual(r.data, ['one\ntwo', 'three', 'four']);
  assert.equal(r.tail, '');
});

test('a CRLF split across two chunks ends one line, not an event', () => {
  const stream = 'data: one\r\ndata: two\r\n\r\n';
  for (let cut = 0; cut <= stream.length; cut++) {
    const r = collect([stream.slice(0, cut), stream.slice(cut)]);
    assert.deepEqual(r.data, ['one\ntwo'], `cut at ${cut}`);
  }
});
