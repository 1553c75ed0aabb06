/** Golden files: compare rendered output with a reviewed file; UPDATE_GOLDEN=1 rewrites it. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', 'golden');

export function assertGolden(relativePath: string, actual: string): void {
  const path = join(ROOT, relativePath);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(path)) {
    if (process.env['CI'] === 'true' && !existsSync(path)) assert.fail(`golden file ${relativePath} is missing`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${relativePath} differs from its golden file (UPDATE_GOLDEN=1 to accept after review)`);
}
