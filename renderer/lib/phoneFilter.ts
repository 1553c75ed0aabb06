/**
 * Filtering and searching the phone list; fast enough for 5,000 phones per keystroke. The matching
 * rules live in shared/search/phoneSearch.ts (pure, unit-tested); this builds each phone's
 * searchable record once and applies the screen's exact filters (the selects).
 */
import type { PhoneView } from '../../shared/api/views';
import type { AccountView } from '../../shared/domain/account';
import { STAGE_LABELS } from '../../shared/flow/machine';
import { isEmptyQuery, matchesQuery, parseQuery, type SearchablePhone } from '../../shared/search/phoneSearch';
import type { PhoneFilters } from '../stores/ui';

/** Built once per phone object (and accounts map). */
const records = new WeakMap<PhoneView, { accounts: ReadonlyMap<string, AccountView>; rec: SearchablePhone }>();

export function extensionsOf(phone: PhoneView, accounts: ReadonlyMap<string, AccountView>): string {
  return phone.lines.map((l) => accounts.get(l.accountId)?.userName ?? '?').join(', ');
}

export function searchable(phone: PhoneView, accounts: ReadonlyMap<string, AccountView>): SearchablePhone {
  const hit = records.get(phone);
  if (hit && hit.accounts === accounts) return hit.rec;
  const lineAccounts = phone.lines.map((l) => accounts.get(l.accountId));
  const rec: SearchablePhone = {
    mac: phone.mac,
    ip: phone.flow.lastIp || phone.lastIp || '',
    serial: phone.serial ?? '',
    vendor: phone.vendor,
    model: phone.model,
    site: phone.site,
    stage: phone.flow.stage,
    stageLabel: STAGE_LABELS[phone.flow.stage],
    exts: lineAccounts.map((a) => a?.userName ?? '').filter(Boolean),
    names: lineAccounts.map((a) => a?.displayName ?? '').filter(Boolean),
  };
  records.set(phone, { accounts, rec });
  return rec;
}

export function filterPhones(list: readonly PhoneView[], f: PhoneFilters, accounts: ReadonlyMap<string, AccountView>): PhoneView[] {
  const q = parseQuery(f.search);
  if (isEmptyQuery(q) && !f.vendor && !f.model && !f.stage && !f.site) return list as PhoneView[];
  return list.filter((p) => {
    if (f.vendor && p.vendor !== f.vendor) return false;
    if (f.model && p.model !== f.model) return false;
    if (f.stage && p.flow.stage !== f.stage) return false;
    if (f.site && p.site !== f.site) return false;
    return isEmptyQuery(q) || matchesQuery(searchable(p, accounts), q);
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
