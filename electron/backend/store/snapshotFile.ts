/**
 * The snapshot file's bytes: the snapshot's JSON, gzip-compressed. With 5000 phones the JSON is
 * about 20 MB (4 KB a phone, mostly repeated keys and timeline events) and gzip makes it about a
 * tenth of that. It is encoded piece by piece (one phone, one timeline at a time) into the
 * compressor, so a compaction never builds the whole JSON as one string nor its copy as one buffer:
 * those large objects made the heap grow by tens of MB at each compaction.
 *
 * Reading takes either form: gzip (first bytes 1f 8b) or the plain JSON text every snapshot was
 * before (a store written by an older version loads unchanged and is compressed at its next
 * compaction).
 */
import { readFile } from 'node:fs/promises';
import { createGzip, gunzip } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);

/** Input handed to the compressor in pieces of about this many characters. */
const BATCH_CHARS = 64 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The JSON text of `doc` in pieces, in order: joined they equal `JSON.stringify(doc)`. Arrays and
 * objects directly under the top level are cut per element, so no piece is larger than one record.
 */
export function* jsonPieces(doc: Readonly<Record<string, unknown>>): Generator<string> {
  yield '{';
  let firstKey = true;
  for (const [key, value] of Object.entries(doc)) {
    if (value === undefined || typeof value === 'function') continue;
    yield (firstKey ? '' : ',') + JSON.stringify(key) + ':';
    firstKey = false;
    if (Array.isArray(value)) {
      yield '[';
      for (let i = 0; i < value.length; i++) yield (i === 0 ? '' : ',') + (JSON.stringify(value[i]) ?? 'null');
      yield ']';
    } else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
      yield '{';
      let firstInner = true;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const text = JSON.stringify(v);
        if (text === undefined) continue;
        yield (firstInner ? '' : ',') + JSON.stringify(k) + ':' + text;
        firstInner = false;
      }
      yield '}';
    } else {
      yield JSON.stringify(value) ?? 'null';
    }
  }
  yield '}';
}

/** The snapshot file's bytes: the JSON of `doc`, gzip-compressed, encoded piece by piece. */
export async function encodeSnapshot(doc: Readonly<Record<string, unknown>>): Promise<Buffer> {
  const gzip = createGzip({ level: 6 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve);
    gzip.once('error', reject);
  });
  const write = async (text: string): Promise<void> => {
    if (!gzip.write(text)) await new Promise<void>((resolve) => gzip.once('drain', resolve));
  };
  let batch = '';
  for (const piece of jsonPieces(doc)) {
    batch += piece;
    if (batch.length >= BATCH_CHARS) {
      await write(batch);
      batch = '';
    }
  }
  gzip.end(batch);
  await ended;
  return Buffer.concat(chunks);
}

export class SnapshotDecodeError extends Error {}

/** The snapshot's JSON text from the file's bytes, gzip-compressed or plain. */
export async function decodeSnapshot(bytes: Buffer): Promise<string> {
  if (!isGzip(bytes)) return bytes.toString('utf8');
  try {
    return (await gunzipAsync(bytes)).toString('utf8');
  } catch (error) {
    throw new SnapshotDecodeError(`the compressed snapshot is damaged (${(error as Error).message})`);
  }
}

/** The snapshot file's JSON text, whichever form it is in (for tools and tests that read it). */
export async function readSnapshotText(path: string): Promise<string> {
  return decodeSnapshot(await readFile(path));
}
