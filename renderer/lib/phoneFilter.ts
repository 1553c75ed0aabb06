/** Filtering and searching the phone list; pure, fast enough for 5,000 phones per keystroke. */
import type { PhoneView } from '../../shared/api/views';
import type { AccountView } from '../../shared/domain/account';
import { formatMac, type Mac } from '../../shared/mac';
import type { PhoneFilters } from '../stores/ui';

/** The text a search matches against, built once per phone object. */
const haystacks = new WeakMap<PhoneView, string>();

export function extensionsOf(phone: PhoneView, accounts: ReadonlyMap<string, AccountView>): string {
  return phone.lines.map((l) => accounts.get(l.accountId)?.userName ?? '?').join(', ');
}

function haystack(phone: PhoneView, accounts: ReadonlyMap<string, AccountView>): string {
  let h = haystacks.get(phone);
  if (h === undefined) {
    h = [
      phone.mac,
      formatMac(phone.mac as Mac),
      phone.vendor,
      phone.model,
      phone.site,
      phone.flow.lastIp ?? phone.lastIp,
      phone.serial,
      extensionsOf(phone, accounts),
    ]
      .join(' ')
      .toLowerCase();
    haystacks.set(phone, h);
  }
  return h;
}

export function filterPhones(list: readonly PhoneView[], f: PhoneFilters, accounts: ReadonlyMap<string, AccountView>): PhoneView[] {
  const terms = f.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0 && !f.vendor && !f.model && !f.stage && !f.site) return list as PhoneView[];
  return list.filter((p) => {
    if (f.vendor && p.vendor !== f.vendor) return false;
    if (f.model && p.model !== f.model) return false;
    if (f.stage && p.flow.stage !== f.stage) return false;
    if (f.site && p.site !== f.site) return false;
    if (terms.length > 0) {
      const h = haystack(p, accounts);
      for (const t of terms) if (!h.includes(t)) return false;
    }
    return true;
  });
}

/** Distinct non-empty values of a field, sorted, for a filter's options. */
export function distinct(list: readonly PhoneView[], pick: (p: PhoneView) => string): string[] {
  const set = new Set<string>();
  for (const p of list) {
    const v = pick(p);
    if (v) set.add(v);
  }
  return [...set].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}
