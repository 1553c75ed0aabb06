/**
 * Values written into `key = value` files. The domain schemas already refuse line breaks, but a
 * renderer must never be the place a value can start a new line and so a new key: anything that
 * could (CR, LF, NUL, other control characters, Unicode line separators) becomes a space.
 */
// eslint-disable-next-line no-control-regex
const BREAKS = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

export function cfgValue(value: string | number): string {
  return String(value).replace(BREAKS, ' ').trim();
}

/** A cfg value that may be empty: Yealink's `%NULL%` clears it instead of leaving it as it was. */
export function cfgValueOrNull(value: string): string {
  const v = cfgValue(value);
  return v === '' ? '%NULL%' : v;
}
