// Loads test files into this one process (test/run.mjs runs the unit suite this way, so tsx
// starts once instead of once per file). node:test runs the tests they register one after
// another, in file order, and reports them as one run; the exit code is non-zero if any failed.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) await import(pathToFileURL(resolve(file)).href);
