/**
 * Yealink-compatible `key = value` files: first line `#!version:1.0.0.1`, `#` comments,
 * `include:config "file"` lines in boot files, `%NULL%` to clear a value.
 */

export const CFG_HEADER = '#!version:1.0.0.1';

export type CfgLine =
  { kind: 'comment'; text: string } | { kind: 'blank' } | { kind: 'include'; file: string } | { kind: 'pair'; key: string; value: string };

export interface CfgDocument {
  lines: CfgLine[];
}

export function renderCfg(lines: readonly CfgLine[]): string {
  const out = [CFG_HEADER];
  for (const line of lines) {
    switch (line.kind) {
      case 'comment':
        out.push(`## ${line.text}`);
        break;
      case 'blank':
        out.push('');
        break;
      case 'include':
        out.push(`include:config "${line.file}"`);
        break;
      case 'pair':
        out.push(`${line.key} = ${line.value}`);
        break;
    }
  }
  return out.join('\n') + '\n';
}

export class CfgParseError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number,
  ) {
    super(`line ${lineNumber}: ${message}`);
  }
}

export interface ParsedCfg {
  version: string;
  includes: string[];
  values: Map<string, string>;
  /** Every value of a key written more than once (Yealink's `static.security.user_password`), in order. */
  repeated: Map<string, string[]>;
}

/** Parses a cfg file as a phone would; throws CfgParseError on a line a phone could not read. */
export function parseCfg(text: string): ParsedCfg {
  const lines = text.split(/\r?\n/);
  const first = lines[0] ?? '';
  const version = /^#!version:(\S+)$/.exec(first.trim());
  if (!version?.[1]) throw new CfgParseError('the first line must be #!version:…', 1);
  const includes: string[] = [];
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  lines.slice(1).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const include = /^include:config\s+"([^"]+)"$/.exec(line) ?? /^include:config\s+(\S+)$/.exec(line);
    if (include?.[1]) {
      includes.push(include[1]);
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new CfgParseError(`expected "key = value", got "${line.slice(0, 60)}"`, i + 2);
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z0-9_.]+$/.test(key)) throw new CfgParseError(`bad key "${key.slice(0, 60)}"`, i + 2);
    const value = line.slice(eq + 1).trim();
    values.set(key, value);
    repeated.set(key, [...(repeated.get(key) ?? []), value]);
  });
  return { version: version[1], includes, values, repeated };
}
