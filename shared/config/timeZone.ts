/**
 * An IANA time zone (`Europe/Paris`) as phones need it: the standard offset, and the daylight
 * saving rule as month / week of month / weekday / local time, worked out with the JavaScript
 * runtime's own zone data (Intl), so no zone table is kept here. Each vendor writes it in its own
 * form (docs/PROTOCOL.md, "Time zone").
 */

export interface Transition {
  month: number;
  /** 1 to 4, or 5 for the last such weekday of the month. */
  week: number;
  /** 0 Sunday to 6 Saturday. */
  weekday: number;
  /** Local wall-clock minutes after midnight, in the offset in force before the change. */
  minutes: number;
}

export interface ZoneRules {
  name: string;
  /** Minutes east of UTC outside daylight saving time. */
  standardMinutes: number;
  /** Absent for a zone without daylight saving time in the year worked out. */
  dst?: { saveMinutes: number; start: Transition; end: Transition };
  /** Short names for a POSIX TZ string (letters only), e.g. CET and CEST. */
  standardAbbr: string;
  dstAbbr: string;
}

let known: Set<string> | undefined;

/** Whether `name` is a time zone the runtime knows (IANA names, and UTC). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{1,63}$/.test(name)) return false;
  known ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (known.has(name) || name === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.includes('/');
  } catch {
    return false;
  }
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC in force at `ms`. */
export function offsetAt(zone: string, ms: number): number {
  let f = offsetFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset', year: 'numeric' });
    offsetFormats.set(zone, f);
  }
  const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function abbrAt(zone: string, ms: number): string {
  for (const locale of ['en-US', 'en-GB', 'en-AU', 'en-IN']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name && /^[A-Z]{3,5}$/.test(name)) return name;
  }
  return '';
}

const DAY = 86_400_000;

/** The instant the offset changes between `from` and `to` (ms), to the minute. */
function changeBetween(zone: string, from: number, to: number): number {
  const before = offsetAt(zone, from);
  let lo = from;
  let hi = to;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (offsetAt(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

function transitionOf(instant: number, offsetBefore: number): Transition {
  const local = new Date(instant + offsetBefore * 60_000);
  const day = local.getUTCDate();
  const month = local.getUTCMonth() + 1;
  const daysInMonth = new Date(Date.UTC(local.getUTCFullYear(), month, 0)).getUTCDate();
  return {
    month,
    week: day + 7 > daysInMonth ? 5 : Math.ceil(day / 7),
    weekday: local.getUTCDay(),
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/** The zone's rules in `year` (the current year by default). Throws for an unknown zone. */
export function zoneRules(name: string, year = new Date().getUTCFullYear()): ZoneRules {
  if (!isTimeZone(name)) throw new RangeError(`unknown time zone "${name}"`);
  const start = Date.UTC(year, 0, 1, 12);
  const changes: { at: number; before: number; after: number }[] = [];
  let previous = offsetAt(name, start);
  for (let d = 1; d <= 366; d++) {
    const t = start + d * DAY;
    const now = offsetAt(name, t);
    if (now !== previous) changes.push({ at: changeBetween(name, t - DAY, t), before: previous, after: now });
    previous = now;
  }
  const offsets = [offsetAt(name, start), ...changes.map((c) => c.after)];
  const standardMinutes = Math.min(...offsets);
  const up = changes.find((c) => c.after > c.before);
  const down = changes.find((c) => c.after < c.before);
  if (!up || !down) {
    return { name, standardMinutes: offsetAt(name, start + 180 * DAY), standardAbbr: abbrAt(name, start), dstAbbr: '' };
  }
  const stdInstant = down.at + DAY;
  const dstInstant = up.at + DAY;
  return {
    name,
    standardMinutes,
    dst: { saveMinutes: up.after - up.before, start: transitionOf(up.at, up.before), end: transitionOf(down.at, down.before) },
    standardAbbr: abbrAt(name, stdInstant),
    dstAbbr: abbrAt(name, dstInstant),
  };
}

/** `+1`, `-5`, `+5:30` (Yealink's `local_time.time_zone`). */
export function hoursText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;

/** POSIX offsets are west-positive: UTC+1 is `-1`. */
function posixOffset(minutesEast: number): string {
  const west = -minutesEast;
  const abs = Math.abs(west);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `${west < 0 ? '-' : '+'}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/** A POSIX TZ string with explicit rules, e.g. `CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00`. */
export function posixTz(rules: ZoneRules): string {
  const std = rules.standardAbbr || 'STD';
  if (!rules.dst) return `${std}${posixOffset(rules.standardMinutes)}`;
  const { start, end, saveMinutes } = rules.dst;
  const m = (t: Transition) => `M${t.month}.${t.week}.${t.weekday}/${clock(t.minutes)}`;
  return `${std}${posixOffset(rules.standardMinutes)}${rules.dstAbbr || 'DST'}${posixOffset(rules.standardMinutes + saveMinutes)},${m(start)},${m(end)}`;
}
