import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, serializeCsv, CsvSyntaxError, detectDelimiter } from '../../../shared/csv/csv';

test('parses quoted fields, doubled quotes, embedded line breaks, CRLF and a BOM', () => {
  const text = '\ufeffa,b,c\r\n1,"two, three","say ""hi"""\r\n"multi\nline",x,\r\n';
  const t = parseCsv(text);
  assert.deepEqual(t.header, ['a', 'b', 'c']);
  assert.deepEqual(t.rows[0], { line: 2, cells: ['1', 'two, three', 'say "hi"'] });
  assert.deepEqual(t.rows[1], { line: 3, cells: ['multi\nline', 'x', ''] });
  assert.equal(t.rows.length, 2);
});

test('skips blank lines and counts lines for later rows', () => {
  const t = parseCsv('a,b\n\n1,2\n"x\ny",3\n4,5');
  assert.deepEqual(
    t.rows.map((r) => r.line),
    [3, 4, 6],
  );
});

test('detects semicolon files', () => {
  assert.equal(detectDelimiter('mac;line;extension\n'), ';');
  assert.equal(detectDelimiter('"a;b",c\n'), ',');
  assert.deepEqual(parseCsv('a;b\n1;2').rows[0]?.cells, ['1', '2']);
});

test('rejects an unclosed quote and a quote in the middle of a field, with the line', () => {
  assert.throws(
    () => parseCsv('a\n"open\n'),
    (e: unknown) => e instanceof CsvSyntaxError && e.line === 2,
  );
  assert.throws(() => parseCsv('a,b\n1,x"y"\n'), CsvSyntaxError);
});

test('serialize quotes what needs it, guards formulas, and round-trips', () => {
  const header = ['label', 'value'];
  const rows = [
    ['Sales, 2nd', 'line\nbreak'],
    ['=HYPERLINK("x")', '+441234'],
    ['plain', ''],
  ];
  const text = serializeCsv(header, rows);
  assert.match(text, /"Sales, 2nd"/);
  assert.match(text, /"'=HYPERLINK\(""x""\)"/);
  const back = parseCsv(text);
  assert.deepEqual(back.header, header);
  assert.deepEqual(back.rows[0]?.cells, rows[0]);
  assert.equal(back.rows[1]?.cells[0], `'=HYPERLINK("x")`);
});
