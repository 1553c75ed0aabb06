/**
 * Firmware version order. Vendors write versions as dot-separated numbers (Yealink `108.86.0.90`,
 * Poly `5.9.7.4477`, Snom `10.1.184.15`, Grandstream `1.0.11.79`, Fanvil `2.12.20`); some carry
 * letters (`P0.18.23.89`). Numbers compare as numbers, other parts as text; a missing part is 0.
 */

function parts(version: string): (number | string)[] {
  const found =
    version
      .trim()
      .toLowerCase()
      .match(/\d+|[a-z]+/g) ?? [];
  return found.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? 0;
    const q = y[i] ?? 0;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    return String(p) < String(q) ? -1 : 1;
  }
  return 0;
}

/** A version text with at least one number in it; '' and 'unknown' are not versions. */
export function isVersion(text: string): boolean {
  return /\d/.test(text);
}
