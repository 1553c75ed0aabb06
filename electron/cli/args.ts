/** A small `--flag value` parser for the command-line tools; unknown flags are an error. */
export type FlagSpec = Record<string, 'string' | 'number' | 'boolean'>;

export class UsageError extends Error {}

export function parseArgs<S extends FlagSpec>(
  argv: readonly string[],
  spec: S,
): { [K in keyof S]?: S[K] extends 'number' ? number : S[K] extends 'boolean' ? boolean : string } {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === 'boolean') {
      out[name] = inline === undefined ? true : inline !== 'false';
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (kind === 'number') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
      out[name] = n;
    } else out[name] = value;
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
