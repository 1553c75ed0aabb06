/**
 * Template variables in key labels and values, filled in per phone when a template is applied:
 *   {ext}          the extension (SIP user) on line 1      {name}        its display name
 *   {lineN.user}   the extension on line N (1..16)         {lineN.name}  its display name
 *   {site}         the phone's site                        {model}       the phone's model
 *   {mac}          the phone's MAC (AA:BB:CC:DD:EE:FF)
 * A variable the phone has no value for is a problem for that phone (the preview says which),
 * never an empty label pushed to the phone. Text without braces is copied as it is. Pure.
 */
import type { Button } from '../domain/button';

export interface TemplateVars {
  site: string;
  model: string;
  mac: string;
  /** Lines by number: extension and display name of the line's account. */
  lines: ReadonlyMap<number, { user: string; name: string }>;
}

export const TEMPLATE_VARIABLES = ['{ext}', '{name}', '{line1.user}', '{line1.name}', '{site}', '{model}', '{mac}'] as const;

const VAR = /\{([a-z0-9.]+)\}/gi;

function lookup(name: string, v: TemplateVars): string | undefined {
  const n = name.toLowerCase();
  if (n === 'ext') return v.lines.get(1)?.user || undefined;
  if (n === 'name') return v.lines.get(1)?.name || undefined;
  if (n === 'site') return v.site || undefined;
  if (n === 'model') return v.model || undefined;
  if (n === 'mac') return v.mac || undefined;
  const m = /^line(\d{1,2})\.(user|ext|name)$/.exec(n);
  if (m) {
    const line = v.lines.get(Number(m[1]));
    const value = m[2] === 'name' ? line?.name : line?.user;
    return value || undefined;
  }
  return undefined;
}

export function hasVariables(text: string): boolean {
  return /\{[a-z0-9.]+\}/i.test(text);
}

/** Fills the variables of one text; `missing` lists the ones this phone has no value for. */
export function expandText(text: string, vars: TemplateVars): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(VAR, (whole, name: string) => {
    const value = lookup(name, vars);
    if (value === undefined) {
      missing.push(whole);
      return whole;
    }
    return value;
  });
  return { text: out, missing };
}

export interface ExpandedLayout {
  buttons: Button[];
  /** One entry per key with a variable this phone cannot fill, e.g. "key 2: {line2.user}". */
  problems: string[];
}

/** The template's keys as they land on one phone. */
export function expandButtons(buttons: readonly Button[], vars: TemplateVars): ExpandedLayout {
  const problems: string[] = [];
  const out = buttons.map((b) => {
    const value = expandText(b.value, vars);
    const label = expandText(b.label, vars);
    const missing = [...new Set([...value.missing, ...label.missing])];
    if (missing.length) problems.push(`key ${b.key}: no value for ${missing.join(', ')}`);
    return { ...b, value: value.text, label: label.text.slice(0, 32) };
  });
  return { buttons: out, problems };
}

/** The variables of a phone, from its lines and the accounts they use. */
export function varsOf(
  phone: { site: string; model: string; mac: string; lines: readonly { line: number; accountId: string }[] },
  accounts: ReadonlyMap<string, { userName: string; displayName: string }>,
): TemplateVars {
  const lines = new Map<number, { user: string; name: string }>();
  for (const l of phone.lines) {
    const a = accounts.get(l.accountId);
    if (a) lines.set(l.line, { user: a.userName, name: a.displayName });
  }
  const mac = phone.mac.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return { site: phone.site, model: phone.model, mac: mac.match(/../g)?.join(':') ?? mac, lines };
}
