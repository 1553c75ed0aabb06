/**
 * A minimal XML writer and reader for phone configuration files (Poly, Grandstream, Snom,
 * Fanvil). Values come from users, so the writer escapes every text and attribute value and
 * replaces characters XML 1.0 cannot carry; the reader accepts the subset those files use
 * (elements, attributes, text, comments, the XML declaration) and refuses DOCTYPEs and entities
 * other than the five predefined ones and numeric references, so it cannot be made to expand or
 * fetch anything.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | { text: string } | { comment: string };

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

// XML 1.0 allows tab, LF, CR and U+0020 upwards, minus surrogates (handled by the string) and U+FFFE/FFFF.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Escapes text content. */
export function escapeText(value: string): string {
  return value.replace(NOT_XML_CHAR, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value; tabs and line breaks become references so they survive parsing. */
export function escapeAttr(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error(`"${name.slice(0, 40)}" is not an XML name`);
  return name;
}

export function el(name: string, attrs: Record<string, string | number> = {}, children: (XmlNode | string)[] = []): XmlElement {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) a[checkName(k)] = String(v);
  return { name: checkName(name), attrs: a, children: children.map((c) => (typeof c === 'string' ? { text: c } : c)) };
}

export const comment = (text: string): XmlNode => ({ comment: text });

function commentText(text: string): string {
  // "--" may not appear inside a comment, nor may it end with "-".
  return text.replace(NOT_XML_CHAR, '\ufffd').replace(/-{2,}/g, '-').replace(/-$/, '- ');
}

/** Writes an element tree, two-space indented; elements holding only text stay on one line. */
export function renderXml(root: XmlElement, options: { declaration?: string | false } = {}): string {
  const out: string[] = [];
  if (options.declaration !== false) out.push(options.declaration ?? XML_DECLARATION);
  const write = (node: XmlElement, depth: number) => {
    const pad = '  '.repeat(depth);
    const attrs = Object.entries(node.attrs)
      .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
      .join('');
    if (node.children.length === 0) {
      out.push(`${pad}<${node.name}${attrs}/>`);
      return;
    }
    if (node.children.every((c) => 'text' in c)) {
      const text = node.children.map((c) => escapeText((c as { text: string }).text)).join('');
      out.push(`${pad}<${node.name}${attrs}>${text}</${node.name}>`);
      return;
    }
    out.push(`${pad}<${node.name}${attrs}>`);
    for (const child of node.children) {
      if ('name' in child) write(child, depth + 1);
      else if ('comment' in child) out.push(`${pad}  <!-- ${commentText(child.comment)} -->`);
      else if (child.text.trim() !== '') out.push(`${pad}  ${escapeText(child.text)}`);
    }
    out.push(`${pad}</${node.name}>`);
  };
  write(root, 0);
  return out.join('\n') + '\n';
}

export class XmlParseError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  return raw.replace(/&([^;&\s]{0,12});/g, (_m, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) {
      const code = parseInt(ref.slice(2), 16);
      if (Number.isNaN(code) || code > 0x10ffff) throw new XmlParseError(`bad character reference &${ref}; near offset ${at}`);
      return String.fromCodePoint(code);
    }
    if (ref.startsWith('#')) {
      const code = parseInt(ref.slice(1), 10);
      if (Number.isNaN(code) || code > 0x10ffff) throw new XmlParseError(`bad character reference &${ref}; near offset ${at}`);
      return String.fromCodePoint(code);
    }
    const value = ENTITIES[ref];
    if (value === undefined) throw new XmlParseError(`unknown entity &${ref}; near offset ${at}`);
    return value;
  });
}

/** Parses one document; throws XmlParseError with an offset on anything malformed. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const n = text.length;
  const fail = (msg: string): never => {
    throw new XmlParseError(`${msg} at offset ${i}`);
  };
  const skipSpace = () => {
    while (i < n && /\s/.test(text[i] as string)) i++;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) fail('unterminated processing instruction');
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (text.startsWith('<!', i)) {
        fail('DOCTYPE and other declarations are not accepted');
      } else return;
    }
  };
  const readName = (): string => {
    const m = /^[A-Za-z_][A-Za-z0-9_.:-]*/.exec(text.slice(i, i + 256));
    if (!m) fail('expected a name');
    i += (m as RegExpExecArray)[0].length;
    return (m as RegExpExecArray)[0];
  };
  const readElement = (depth: number): XmlElement => {
    if (depth > 64) fail('elements nested too deeply');
    if (text[i] !== '<') fail('expected "<"');
    i++;
    const name = readName();
    const attrs: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (text.startsWith('/>', i)) {
        i += 2;
        return { name, attrs, children: [] };
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      const attr = readName();
      skipSpace();
      if (text[i] !== '=') fail(`expected "=" after ${attr}`);
      i++;
      skipSpace();
      const quote = text[i];
      if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value');
      const end = text.indexOf(quote as string, i + 1);
      if (end < 0) fail('unterminated attribute value');
      const raw = text.slice(i + 1, end);
      if (raw.includes('<')) fail('"<" inside an attribute value');
      if (attr in attrs) fail(`attribute ${attr} given twice`);
      attrs[attr] = decode(raw, i);
      i = end + 1;
    }
    const children: XmlNode[] = [];
    for (;;) {
      if (i >= n) fail(`unclosed <${name}>`);
      if (text.startsWith('</', i)) {
        i += 2;
        const close = readName();
        if (close !== name) fail(`</${close}> closes <${name}>`);
        skipSpace();
        if (text[i] !== '>') fail('expected ">"');
        i++;
        return { name, attrs, children };
      }
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        children.push({ comment: text.slice(i + 4, end).trim() });
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        children.push({ text: text.slice(i + 9, end) });
        i = end + 3;
      } else if (text.startsWith('<!', i) || text.startsWith('<?', i)) {
        fail('declarations are not accepted inside elements');
      } else if (text[i] === '<') {
        children.push(readElement(depth + 1));
      } else {
        const end = text.indexOf('<', i);
        const raw = text.slice(i, end < 0 ? n : end);
        children.push({ text: decode(raw, i) });
        i += raw.length;
      }
    }
  };
  skipMisc();
  const root = readElement(0);
  skipMisc();
  if (i < n) fail('content after the root element');
  return root;
}

/** Child elements, optionally only those with this name. */
export function elements(node: XmlElement, name?: string): XmlElement[] {
  return node.children.filter((c): c is XmlElement => 'name' in c && (name === undefined || c.name === name));
}

/** The element's text content (direct text children, joined, trimmed). */
export function textOf(node: XmlElement): string {
  return node.children
    .map((c) => ('text' in c ? c.text : ''))
    .join('')
    .trim();
}

/** Every element of the tree, depth first, root included. */
export function walk(node: XmlElement): XmlElement[] {
  return [node, ...elements(node).flatMap(walk)];
}
