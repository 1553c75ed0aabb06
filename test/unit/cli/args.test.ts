import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs, UsageError } from '../../../electron/cli/args';

const SPEC = { data: 'string', port: 'number', quiet: 'boolean' } as const;

test('options read as their kind: text, whole number, flag (also --no-x and --x=false)', () => {
  assert.deepEqual(parseArgs(['--data', '/tmp/d', '--port=8080', '--quiet'], SPEC), { data: '/tmp/d', port: 8080, quiet: true });
  assert.deepEqual(parseArgs(['--data=a=b'], SPEC), { data: 'a=b' });
  assert.deepEqual(parseArgs(['--no-quiet'], SPEC), { quiet: false });
  assert.deepEqual(parseArgs(['--quiet=false'], SPEC), { quiet: false });
  assert.deepEqual(parseArgs(['--quiet=yes'], SPEC), { quiet: true });
  assert.deepEqual(parseArgs(['--port', '0'], SPEC), { port: 0 });
  assert.deepEqual(parseArgs([], SPEC), {});
});

test('unknown options, stray arguments, missing values and bad numbers are usage errors naming the option', () => {
  for (const [argv, words] of [
    [['--nope'], /--nope/],
    [['stray'], /stray/],
    [['--data'], /--data/],
    [['--port', 'x'], /--port must be a whole number/],
    [['--port', '-1'], /--port/],
    [['--port', '1.5'], /--port must be a whole number/],
    [['--port='], /--port must be a whole number/],
    [['-q'], /-q/],
  ] as const) {
    assert.throws(
      () => parseArgs(argv, SPEC),
      (e: Error) => e instanceof UsageError && words.test(e.message),
      argv.join(' '),
    );
  }
});
