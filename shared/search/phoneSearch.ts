/**
 * The Phones screen's search, pure so it can be unit-tested on the cases technicians hit.
 *
 * Rules (shown to the user in the search field's help):
 * - Every word must match (AND).
 * - A word matches a field when one of the field's words equals it or starts with it; a number
 *   shorter than 3 digits must equal a whole word (so "2" in "HQ floor 2" is not any 2 in an
 *   extension, an IP or a MAC).
 * - MAC, IP, serial and extension are matched as whole values: from their start (a MAC also from
 *   its end, as printed on the sticker), never from the middle.
 * - Field filters: `site:"HQ floor 2"`, `model:T46U`, `ext:2001`, `vendor:`, `mac:`, `ip:`,
 *   `serial:`, `status:`, `name:`. They match the whole value (case-insensitive); a value ending
 *   in `*` matches values starting with it.
 */

export interface SearchablePhone {
  mac: string;
  ip: string;
  serial: string;
  vendor: string;
  model: string;
  site: string;
  /** Stage id and its label, e.g. `registered`, `Registered`. */
  stage: string;
  stageLabel: string;
  /** Extension (account user name) of each line. */
  exts: readonly string[];
  /** Display name of each line's account. */
  names: readonly string[];
}

export const SEARCH_FIELDS = ['site', 'model', 'vendor', 'ext', 'mac', 'ip', 'serial', 'status', 'name'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

const FIELD_ALIASES: Record<string, SearchField> = {
  site: 'site',
  model: 'model',
  vendor: 'vendor',
  ext: 'ext',
  extension: 'ext',
  mac: 'mac',
  ip: 'ip',
  serial: 'serial',
  status: 'status',
  stage: 'status',
  name: 'name',
};

export interface FieldTerm {
  field: SearchField;
  value: string;
  prefix: boolean;
}

export interface ParsedQuery {
  /** Free words; a short number stays with the word before it ("floor 2" is one entry). */
  words: string[];
  fields: FieldTerm[];
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Splits a query into free words and `field:value` / `field:"quoted value"` filters. */
export function parseQuery(query: string): ParsedQuery {
  const words: string[] = [];
  const fields: FieldTerm[] = [];
  const re = /([A-Za-z]+):(?:"([^"]*)"?|(\S*))|"([^"]*)"?|(\S+)/g;
  for (const m of query.matchAll(re)) {
    const [, name, quoted, bare, phrase, word] = m;
    const field = name ? FIELD_ALIASES[name.toLowerCase()] : undefined;
    if (name !== undefined && field) {
      let value = norm(quoted ?? bare ?? '');
      const prefix = value.endsWith('*');
      if (prefix) value = value.slice(0, -1).trim();
      if (value) fields.push({ field, value, prefix });
    } else if (name !== undefined) {
      // Not a field we know (a MAC typed with colons, say): plain words.
      words.push(...tokens(m[0]));
    } else if (phrase !== undefined) {
      words.push(...tokens(phrase));
    } else if (word !== undefined) {
      words.push(...tokens(word));
    }
  }
  return { words: bindNumbers(words), fields };
}

const SHORT_NUMBER = /^\d{1,2}$/;

/** "floor", "2" -> "floor 2": a short number qualifies the word before it. */
function bindNumbers(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const prev = out[out.length - 1];
    if (SHORT_NUMBER.test(w) && prev !== undefined && !/^\d+$/.test(prev.split(' ')[0] ?? '')) out[out.length - 1] = `${prev} ${w}`;
    else out.push(w);
  }
  return out;
}

function tokens(s: string): string[] {
  const t = s.toLowerCase().trim();
  if (!t) return [];
  // A MAC or IP typed as one token stays whole; other punctuation splits words.
  if (/^[0-9a-f]{2}([:-][0-9a-f]{0,2})+$/.test(t) || /^\d{1,3}(\.\d{0,3})+$/.test(t)) return [t];
  return t.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function wordsOf(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function wordMatch(w: string, term: string): boolean {
  return w === term || (!SHORT_NUMBER.test(term) && w.startsWith(term));
}

/** `term` is one word, or a word followed by numbers that must follow it in the field. */
function wordMatches(fieldWords: readonly string[], term: string): boolean {
  const parts = term.split(' ');
  for (let i = 0; i + parts.length <= fieldWords.length; i++) {
    let ok = true;
    for (let j = 0; j < parts.length && ok; j++) ok = wordMatch(fieldWords[i + j] as string, parts[j] as string);
    if (ok) return true;
  }
  return false;
}

function valueStarts(value: string, term: string, min = 3): boolean {
  if (!value) return false;
  const v = value.toLowerCase();
  return v === term || (term.length >= min && v.startsWith(term));
}

function macMatches(mac: string, term: string): boolean {
  const hex = term.replace(/[:\-.]/g, '');
  if (!/^[0-9a-f]+$/.test(hex) || hex.length < 2) return false;
  const m = mac.toLowerCase().replace(/[:\-.]/g, '');
  const typedAsMac = hex !== term; // had separators
  if (m === hex) return true;
  if ((typedAsMac || hex.length >= 4) && m.startsWith(hex)) return true;
  // From the end, as read off the sticker; long enough not to be an extension.
  return (typedAsMac || hex.length >= 6) && m.endsWith(hex);
}

/** Does one free word match the phone, in any field? */
function freeWordMatches(p: SearchablePhone, term: string): boolean {
  if (term.includes(' ')) {
    // A word with its number: both in one field, in order.
    for (const f of [p.site, p.model, p.vendor, p.stageLabel, ...p.names]) if (wordMatches(wordsOf(f), term)) return true;
    return false;
  }
  if (wordMatches(wordsOf(p.site), term)) return true;
  if (wordMatches(wordsOf(p.model), term)) return true;
  if (wordMatches(wordsOf(p.vendor), term)) return true;
  if (wordMatches(wordsOf(p.stageLabel), term)) return true;
  for (const n of p.names) if (wordMatches(wordsOf(n), term)) return true;
  for (const e of p.exts) if (valueStarts(e, term)) return true;
  if (valueStarts(p.serial, term)) return true;
  if (p.ip && (p.ip === term || (term.includes('.') && p.ip.startsWith(term)))) return true;
  return macMatches(p.mac, term);
}

function equalsOrPrefix(value: string, t: FieldTerm): boolean {
  const v = norm(value);
  return t.prefix ? v.startsWith(t.value) : v === t.value;
}

function fieldMatches(p: SearchablePhone, t: FieldTerm): boolean {
  switch (t.field) {
    case 'site':
      return equalsOrPrefix(p.site, t);
    case 'model':
      return equalsOrPrefix(p.model, t);
    case 'vendor':
      return equalsOrPrefix(p.vendor, t);
    case 'serial':
      return equalsOrPrefix(p.serial, t);
    case 'ip':
      return equalsOrPrefix(p.ip, t);
    case 'status':
      return equalsOrPrefix(p.stage, t) || equalsOrPrefix(p.stageLabel, t);
    case 'ext':
      return p.exts.some((e) => equalsOrPrefix(e, t));
    case 'name':
      return p.names.some((n) => equalsOrPrefix(n, t));
    case 'mac': {
      const hex = t.value.replace(/[:\-.]/g, '');
      const m = p.mac.toLowerCase().replace(/[:\-.]/g, '');
      return t.prefix ? m.startsWith(hex) : m === hex || (hex.length >= 4 && m.endsWith(hex));
    }
  }
}

export function matchesQuery(p: SearchablePhone, q: ParsedQuery): boolean {
  for (const f of q.fields) if (!fieldMatches(p, f)) return false;
  for (const w of q.words) if (!freeWordMatches(p, w)) return false;
  return true;
}

export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.words.length === 0 && q.fields.length === 0;
}
