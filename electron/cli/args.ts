/**
 * The command-line tools' `--flag value` options, read by Node's own `util.parseArgs` (strict:
 * unknown options and stray arguments are errors). On top of it: whole-number options, and a
 * boolean may be written `--quiet`, `--no-quiet` or `--quiet=false`.
 */
import { parseArgs as nodeParseArgs } from 'node:util';

export type FlagSpec = Record<string, 'string' | 'number' | 'boolean'>;

export class UsageError extends Error {}

export function parseArgs<S extends FlagSpec>(
  argv: readonly string[],
  spec: S,
): { [K in keyof S]?: S[K] extends 'number' ? number : S[K] extends 'boolean' ? boolean : string } {
  const options = Object.fromEntries(
    Object.entries(spec).map(([name, kind]) => [name, { type: kind === 'boolean' ? ('boolean' as const) : ('string' as const) }]),
  );
  // `--flag=false` (accepted before util.parseArgs) is its `--no-flag`; `--flag=anything else` is `--flag`.
  const args = argv.map((arg) => {
    const m = /^--([^=]+)=(.*)$/s.exec(arg);
    if (!m || spec[m[1] as string] !== 'boolean') return arg;
    return m[2] === 'false' ? `--no-${m[1]}` : `--${m[1]}`;
  });
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = nodeParseArgs({ args, options, strict: true, allowPositionals: false, allowNegative: true }));
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS_')) throw new UsageError((error as Error).message.split('\n')[0] as string);
    throw error;
  }
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (spec[name] !== 'number') out[name] = value;
    else {
      const n = Number(value);
      if (value === '' || !Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, got "${String(value)}"`);
      out[name] = n;
    }
  }
  return out as never;
}

/**
 * Runs a tool's `main` and exits with its status; a UsageError prints the usage, any other error
 * one line (`explain` may word the ones it knows), and exits with 2.
 */
export function runTool(name: string, help: string, main: () => Promise<number>, explain?: (error: Error) => string | undefined): void {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      if (error instanceof UsageError) process.stderr.write(`${error.message}\n${help}\n`);
      else process.stderr.write(`${explain?.(error) ?? `${name} failed: ${error.message}`}\n`);
      process.exit(2);
    },
  );
}
