/**
 * Snapshot migrations: each step takes the raw JSON of version N to N+1. A snapshot from a newer
 * version of the app is refused rather than guessed at.
 */
import { SCHEMA_VERSION } from './state';

type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS[n] turns version n into n+1. Version 0 was the unversioned pre-release layout. */
const MIGRATIONS: Record<number, Migration> = {
  0: (raw) => ({
    ...raw,
    schemaVersion: 1,
    devices: raw['devices'] ?? [],
    timelines: raw['timelines'] ?? {},
    opSeq: raw['opSeq'] ?? 0,
    eventSeq: raw['eventSeq'] ?? 0,
  }),
};

export class MigrationError extends Error {}

export function migrate(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MigrationError('the store file does not hold an object');
  }
  let doc = raw as Record<string, unknown>;
  let version = typeof doc['schemaVersion'] === 'number' ? doc['schemaVersion'] : 0;
  if (version > SCHEMA_VERSION) {
    throw new MigrationError(
      `the store was written by a newer version of the app (schema ${version}, this app reads up to ${SCHEMA_VERSION})`,
    );
  }
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new MigrationError(`no migration from schema ${version}`);
    doc = step(doc);
    version += 1;
  }
  return doc;
}
