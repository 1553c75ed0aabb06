/**
 * The API's refusals, put next to the fields they are about and in the form's own words: a zod
 * issue at path `userName` saying "must not be empty" becomes "Extension / SIP user: must not be
 * empty" under that field, and the form's note says how many fields need fixing instead of the
 * API's "The request is not valid (userName: …, and 2 more)".
 */
import type { UserError } from '../api/errors';

export type FieldMessages = Record<string, string>;

/** Per-field messages keyed by the form's field names; issues at unknown paths stay in `rest`. */
export function fieldErrorsOf(
  error: UserError | undefined,
  labels: Readonly<Record<string, string>>,
): { fields: FieldMessages; rest: { path: string; message: string }[] } {
  const fields: FieldMessages = {};
  const rest: { path: string; message: string }[] = [];
  for (const i of error?.issues ?? []) {
    // `lines.0.accountId` is about `lines`; `pbx.sipHost` about `sipHost` when the form names it so.
    const key = [i.path, i.path.split('.').pop() ?? '', i.path.split('.')[0] ?? ''].find((k) => k in labels);
    if (key) {
      const text = `${labels[key]}: ${i.message}`;
      fields[key] = fields[key] ? `${fields[key]}; ${i.message}` : text;
    } else rest.push(i);
  }
  return { fields, rest };
}

/** The form-level note: in words, without the API's field names. */
export function formNote(error: UserError, fields: FieldMessages, rest: { path: string; message: string }[]): UserError {
  const n = Object.keys(fields).length;
  if (n === 0) return error;
  return {
    message: `Not saved: ${n === 1 ? 'one field needs' : `${n} fields need`} fixing`,
    hint: 'See the messages under the fields marked in red.',
    ...(rest.length ? { issues: rest } : {}),
  };
}
