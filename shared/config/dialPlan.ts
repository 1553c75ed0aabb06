/**
 * The site's dial plan as the technician writes it once: a digit map (`[2-4]xxx | 0[1-9]x. | 9xx.`)
 * and emergency numbers that dial at once. Elements: a digit, `*` or `#`; `x` (any digit); a class
 * `[1-4]` or `[135]`; any of these followed by `.` repeats it zero or more times. Each vendor writes
 * it in its own syntax (docs/PROTOCOL.md, "Dial plan"); a rule a vendor cannot express is reported
 * with the vendor's name and the rule, never dropped silently.
 */

export type DialAtom = { kind: 'digit'; digit: string } | { kind: 'any' } | { kind: 'class'; digits: string };

export interface DialElement {
  atom: DialAtom;
  /** Followed by `.`: zero or more of the atom. */
  repeat: boolean;
}

export interface DialRule {
  /** The rule as written, normalised (no spaces). */
  text: string;
  elements: DialElement[];
}

export const MAX_DIAL_RULES = 50;
const MAX_RULE_LENGTH = 64;

export class DialPlanError extends Error {}

function parseRule(text: string, index: number): DialRule {
  const elements: DialElement[] = [];
  const where = `rule ${index + 1} "${text}"`;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/[0-9*#]/.test(c)) {
      elements.push({ atom: { kind: 'digit', digit: c }, repeat: false });
      i++;
    } else if (c === 'x' || c === 'X') {
      elements.push({ atom: { kind: 'any' }, repeat: false });
      i++;
    } else if (c === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) throw new DialPlanError(`${where}: "[" is never closed`);
      const body = text.slice(i + 1, end);
      if (!/^(\d(-\d)?)+$/.test(body)) throw new DialPlanError(`${where}: [${body}] must list digits or ranges such as [2-4] or [135]`);
      const digits = new Set<string>();
      for (const m of body.matchAll(/(\d)(?:-(\d))?/g)) {
        const from = Number(m[1]);
        const to = m[2] === undefined ? from : Number(m[2]);
        if (to < from) throw new DialPlanError(`${where}: the range ${m[0]} runs backwards`);
        for (let d = from; d <= to; d++) digits.add(String(d));
      }
      elements.push({ atom: { kind: 'class', digits: [...digits].sort().join('') }, repeat: false });
      i = end + 1;
    } else if (c === '.') {
      const last = elements.at(-1);
      if (!last || last.repeat) throw new DialPlanError(`${where}: "." must follow a digit, x or [..] (it repeats what comes before it)`);
      last.repeat = true;
      i++;
    } else {
      throw new DialPlanError(`${where}: "${c}" is not part of a digit map (digits, * # x [..] and . only)`);
    }
  }
  if (elements.length === 0) throw new DialPlanError(`${where}: the rule is empty`);
  return { text, elements };
}

/** Parses a digit map; throws DialPlanError with a sentence naming the rule that does not parse. */
export function parseDialPlan(text: string): DialRule[] {
  let body = text.replace(/\s+/g, '');
  if (body === '') return [];
  if (body.startsWith('(') && body.endsWith(')')) body = body.slice(1, -1);
  const parts = body.split('|');
  if (parts.length > MAX_DIAL_RULES) throw new DialPlanError(`the dial plan has ${parts.length} rules; at most ${MAX_DIAL_RULES}`);
  return parts.map((part, i) => {
    if (part.length > MAX_RULE_LENGTH) throw new DialPlanError(`rule ${i + 1} is longer than ${MAX_RULE_LENGTH} characters`);
    return parseRule(part, i);
  });
}

/** Whether the rule has a fixed length (no `.`): a phone can dial it the moment it is complete. */
export const isFixedLength = (rule: DialRule): boolean => rule.elements.every((e) => !e.repeat);

const atomText = (a: DialAtom, style: 'digitmap' | 'yealink'): string => {
  if (a.kind === 'digit') return a.digit;
  if (a.kind === 'any') return 'x';
  return classText(a.digits, style);
};

/** `[2-4]`, `[135]`; Yealink lists digits with commas (`[1,3,5]`). */
function classText(digits: string, style: 'digitmap' | 'yealink'): string {
  const ds = [...digits].map(Number);
  const runs: string[] = [];
  for (let i = 0; i < ds.length;) {
    let j = i;
    while (j + 1 < ds.length && (ds[j + 1] as number) === (ds[j] as number) + 1) j++;
    runs.push(j - i >= 2 ? `${ds[i]}-${ds[j]}` : ds.slice(i, j + 1).join(style === 'yealink' ? ',' : ''));
    i = j + 1;
  }
  return `[${runs.join(style === 'yealink' ? ',' : '')}]`;
}

/** The MGCP-style digit map (Poly `dialplan.digitmap`, Yealink `dialplan.digitmap.string`, Snom `user_dp_str`), emergency numbers first. */
export function digitMapOf(rules: readonly DialRule[], emergency: readonly string[]): string {
  return [...emergency, ...rules.map((r) => r.elements.map((e) => atomText(e.atom, 'digitmap') + (e.repeat ? '.' : '')).join(''))].join(
    '|',
  );
}

/** A fixed-length rule as a Yealink dial-now rule (`x` any digit, `[1,3,5]`/`[2-4]` a class). */
export function yealinkDialNowOf(rule: DialRule): string {
  return rule.elements.map((e) => atomText(e.atom, 'yealink')).join('');
}

/**
 * A rule in Grandstream's dial-plan syntax (`x+` one or more digits): `E.` becomes two rules, one
 * without E and one with `x+`. Grandstream repeats only `x`, so a repeated digit or class cannot be
 * written: the reason is returned instead.
 */
export function grandstreamRulesOf(rule: DialRule): { rules: string[] } | { reason: string } {
  let out = [''];
  for (const e of rule.elements) {
    if (!e.repeat) {
      out = out.map((r) => r + atomText(e.atom, 'digitmap'));
      continue;
    }
    if (e.atom.kind !== 'any') return { reason: `Grandstream dial plans repeat only x (x+), not ${atomText(e.atom, 'digitmap')}` };
    out = out.flatMap((r) => [r, `${r}x+`]);
  }
  return { rules: [...new Set(out.filter((r) => r !== ''))] };
}

/** Grandstream's dial plan value: `{ rule | rule }`, emergency numbers first. */
export function grandstreamDialPlanOf(rules: readonly string[], emergency: readonly string[]): string {
  return `{ ${[...emergency, ...rules].join(' | ')} }`;
}
