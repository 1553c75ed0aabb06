/** The order a walk visits phones in: by label, by extension or by site (then label). Pure. */
import type { PhoneView } from '../api/views';
import type { AccountView } from '../domain/account';

export const WALK_ORDERS = ['label', 'extension', 'site'] as const;
export type WalkOrder = (typeof WALK_ORDERS)[number];

export const WALK_ORDER_LABELS: Record<WalkOrder, string> = { label: 'Label', extension: 'Extension', site: 'Site' };

/** The phone's desk account: the one on its lowest line (the one a ring calls). */
export function deskAccountOf(phone: PhoneView, accounts: ReadonlyMap<string, AccountView>): AccountView | undefined {
  for (const l of [...phone.lines].sort((a, b) => a.line - b.line)) {
    const a = accounts.get(l.accountId);
    if (a) return a;
  }
  return undefined;
}

export function labelOf(phone: PhoneView, accounts: ReadonlyMap<string, AccountView>): string {
  const a = deskAccountOf(phone, accounts);
  return a ? a.displayName || a.label || a.userName : '';
}

const text = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

export function orderForWalk(phones: readonly PhoneView[], accounts: ReadonlyMap<string, AccountView>, order: WalkOrder): PhoneView[] {
  const keyed = phones.map((p) => ({ p, label: labelOf(p, accounts), ext: deskAccountOf(p, accounts)?.userName ?? '' }));
  keyed.sort((x, y) => {
    const byLabel = text(x.label, y.label) || text(x.ext, y.ext);
    if (order === 'extension') return text(x.ext, y.ext) || byLabel || text(x.p.mac, y.p.mac);
    if (order === 'site') return text(x.p.site, y.p.site) || byLabel || text(x.p.mac, y.p.mac);
    return byLabel || text(x.p.mac, y.p.mac);
  });
  return keyed.map((k) => k.p);
}
