/**
 * CSV text in and out (RFC 4180): quoted fields, doubled quotes, line breaks inside quotes, CRLF
 * or LF, a UTF-8 BOM, and comma or semicolon as the separator (spreadsheets in many locales save
 * with semicolons). Pure: no I/O.
 */

export interface CsvTable {
  /** The first row, trimmed. */
  header: string[];
  /** The other rows; `line` is the 1-based line the row starts on, for error messages. */
  rows: { line: number; cells: string[] }[];
  delimiter: ',' | ';';
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Comma, unless the first line has more semicolons than commas outside quotes. */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semis = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

/** Every record of the text as an array of cells, with the line each starts on. */
export function parseRecords(text: string, delimiter: string): { line: number; cells: string[] }[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    afterQuote = false;
  };
  const endRecord = () => {
    endCell();
    // A line with nothing on it is not a record.
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells });
    cells = [];
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (cell.trim() !== '' || afterQuote) throw new CsvSyntaxError(`Line ${line}: a quote in the middle of a field`, line);
      cell = '';
      quoted = true;
    } else if (ch === delimiter) {
      endCell();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (afterQuote) {
      if (ch !== ' ' && ch !== '\t') throw new CsvSyntaxError(`Line ${line}: text after a closing quote`, line);
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new CsvSyntaxError(`Line ${recordLine}: a quoted field is never closed`, recordLine);
  if (cell !== '' || cells.length > 0 || afterQuote) endRecord();
  return records;
}

export function parseCsv(text: string): CsvTable {
  const delimiter = detectDelimiter(text);
  const records = parseRecords(text, delimiter);
  const first = records.shift();
  return {
    header: (first?.cells ?? []).map((h) => h.trim()),
    rows: records,
    delimiter,
  };
}

/** Quotes a cell when it needs it. */
export function csvCell(value: string, delimiter = ','): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading
 * apostrophe, so an exported label cannot run anything when the file is opened. Numbers such as
 * `+441234` are text in our files, so they are guarded too; `unguardCell` undoes it on import.
 */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function unguardCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

export function serializeCsv(header: readonly string[], rows: readonly (readonly string[])[], delimiter = ','): string {
  const line = (cells: readonly string[]) => cells.map((c) => csvCell(guardCell(c), delimiter)).join(delimiter);
  return [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
}
