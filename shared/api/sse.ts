/**
 * The admin event stream's wire format (text/event-stream), read in one place for the renderer
 * and the tests. The server writes one `data: <json>` line per event and `:` comment lines to keep
 * the connection alive; multi-line data is joined with newlines, `\r\n` and `\r` ends are read as
 * `\n`, as the HTML standard's event-stream grammar says. Fields other than data are not used.
 */

/** Splits SSE text into `data:` payloads, in order; returns the unfinished tail to prepend next time. */
export function parseSseChunk(buffer: string, emit: (data: string) => void): string {
  // A final '\r' may be the first half of a '\r\n' split across chunks: it waits for the next one.
  const held = buffer.endsWith('\r') ? '\r' : '';
  const text = buffer.slice(0, buffer.length - held.length).replace(/\r\n?/g, '\n');
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n\n', start);
    if (end < 0) break;
    const block = text.slice(start, end);
    start = end + 2;
    const data = block
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data !== '') emit(data);
  }
  return text.slice(start) + held;
}
