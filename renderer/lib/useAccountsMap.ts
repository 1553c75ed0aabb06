import { useMemo } from 'react';
import type { AccountView } from '../../shared/domain/account';
import { useData } from '../stores/data';

export function useAccountsMap(): ReadonlyMap<string, AccountView> {
  const accounts = useData((s) => s.accounts);
  return useMemo(() => new Map(accounts.map((a) => [a.id, a])), [accounts]);
}
