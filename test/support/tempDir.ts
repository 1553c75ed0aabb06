/** Temporary folders for tests, removed once the tests of the process are done (a file's, or the whole unit run's). */
import { after } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
// Registered when a test file first imports this module (at its top level): it runs after every test of the process.
after(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A new empty folder under the system's temp folder, named `<prefix>XXXXXX`; removed after the tests. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
