/**
 * The Asterisk Manager Interface wire format, pure: a greeting line, then blocks of `Key: Value`
 * lines ended by an empty line. The stream parser takes text as it arrives (any chunking) and
 * gives back whole blocks; the serializer builds an action and refuses anything that would inject
 * a header (a line break in a key or value).
 */

export interface AmiBlock {
  /** Every line in order; a key may repeat (Output, Variable). */
  readonly fields: ReadonlyArray<readonly [string, string]>;
}

export type AmiFrame = { type: 'greeting'; banner: string; version: string } | { type: 'block'; block: AmiBlock };

export class AmiProtocolError extends Error {}

/**
 * The first value of `key` (case-insensitive), or undefined. Asterisk spells its keys one way, so
 * the exact spelling is looked for first: every event is read a few times as it is dispatched.
 */
export function field(block: AmiBlock, key: string): string | undefined {
  for (const [name, value] of block.fields) if (name === key) return value;
  const k = key.toLowerCase();
  for (const [name, value] of block.fields) if (name.length === k.length && name.toLowerCase() === k) return value;
  return undefined;
}

/** Every value of `key` (case-insensitive), in order. */
export function fieldsNamed(block: AmiBlock, key: string): string[] {
  const k = key.toLowerCase();
  return block.fields.filter(([name]) => name.toLowerCase() === k).map(([, value]) => value);
}

/** First value of each key, keyed as Asterisk spelled it. */
export function toRecord(block: AmiBlock): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of block.fields) if (!(name in out)) out[name] = value;
  return out;
}

/** A response to an action; an event that carries a Response field (OriginateResponse) is still an event. */
export function isResponse(block: AmiBlock): boolean {
  return field(block, 'Response') !== undefined && field(block, 'Event') === undefined;
}

export function eventName(block: AmiBlock): string | undefined {
  return field(block, 'Event');
}

/** True for the event that closes an event list (`EventList: Complete`, e.g. `ContactListComplete`). */
export function isListComplete(block: AmiBlock): boolean {
  return field(block, 'EventList')?.toLowerCase() === 'complete';
}

/**
 * A copy of `s` that holds no reference to the text it was cut from. V8 cuts a substring of 13
 * characters or more as a view into its parent, so one kept field (a contact URI) would keep the
 * whole chunk the socket delivered (tens of KB) alive for as long as the field lives.
 */
function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

export function parseBlock(text: string): AmiBlock {
  const fields: [string, string][] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw === '') continue;
    const colon = raw.indexOf(':');
    if (colon <= 0) {
      fields.push(['', raw]);
      continue;
    }
    const value = raw.slice(colon + 1);
    fields.push([raw.slice(0, colon).trim(), detached(value.startsWith(' ') ? value.slice(1) : value)]);
  }
  return { fields };
}

const GREETING = /^([A-Za-z][A-Za-z ]*Call Manager(?:\/(\S+))?)\s*$/;

/**
 * Incremental parser for one AMI connection. `push` takes the next chunk of text and returns
 * the frames it completed. A block larger than `maxBlock` characters is a protocol error (a peer
 * that is not Asterisk, or a runaway), so memory stays bounded.
 */
export class AmiStreamParser {
  private buffer = '';
  /** Where the search for the next block's end resumes: what came before has no end in it. */
  private scanned = 0;
  private greeted = false;

  constructor(private readonly maxBlock = 4 * 1024 * 1024) {}

  push(chunk: string): AmiFrame[] {
    this.buffer += chunk;
    const frames: AmiFrame[] = [];
    if (!this.greeted) {
      const eol = this.buffer.indexOf('\n');
      if (eol < 0) {
        if (this.buffer.length > 200) throw new AmiProtocolError('the peer did not greet as an Asterisk Manager Interface');
        return frames;
      }
      const line = this.buffer.slice(0, eol).replace(/\r$/, '');
      const m = GREETING.exec(line);
      if (!m) throw new AmiProtocolError(`the peer did not greet as an Asterisk Manager Interface (it said "${line.slice(0, 60)}")`);
      frames.push({ type: 'greeting', banner: m[1] as string, version: m[2] ?? '' });
      this.greeted = true;
      this.buffer = this.buffer.slice(eol + 1);
      this.scanned = 0;
    }
    // One pass over the buffer however many blocks a chunk holds (a contact list is thousands).
    let start = 0;
    for (;;) {
      const end = findBlockEnd(this.buffer, Math.max(start, this.scanned));
      if (!end) break;
      const text = this.buffer.slice(start, end.at);
      start = end.at + end.length;
      if (text.trim() === '') continue;
      frames.push({ type: 'block', block: parseBlock(text) });
    }
    this.buffer = this.buffer.slice(start);
    // A block end may straddle two chunks: the last three characters are looked at again.
    this.scanned = Math.max(0, this.buffer.length - 3);
    if (this.buffer.length > this.maxBlock) throw new AmiProtocolError(`an AMI block exceeded ${this.maxBlock} characters`);
    return frames;
  }
}

const LF = 10;
const CR = 13;

/** The first empty line at or after `from`: CRLF CRLF (Asterisk) or LF LF, whichever comes first. */
function findBlockEnd(buffer: string, from: number): { at: number; length: number } | undefined {
  for (let i = buffer.indexOf('\n', from); i >= 0; i = buffer.indexOf('\n', i + 1)) {
    const next = buffer.charCodeAt(i + 1);
    if (next === LF) return { at: i, length: 2 };
    if (next === CR && buffer.charCodeAt(i + 2) === LF && buffer.charCodeAt(i - 1) === CR) return { at: i - 1, length: 4 };
  }
  return undefined;
}

const KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;

export type ActionFields = Record<string, string | number | readonly string[] | undefined>;

/** One action as wire text. Keys must be plain words; values must be one line. */
export function serializeAction(action: string, actionId: string, fields: ActionFields = {}): string {
  const lines: string[] = [];
  const add = (key: string, value: string) => {
    if (!KEY.test(key)) throw new AmiProtocolError(`"${key.slice(0, 40)}" is not a valid AMI key`);
    if (/[\r\n]/.test(value)) throw new AmiProtocolError(`the value of ${key} must be one line`);
    lines.push(`${key}: ${value}`);
  };
  add('Action', action);
  add('ActionID', actionId);
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number') add(key, String(value));
    else for (const v of value) add(key, v);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}
