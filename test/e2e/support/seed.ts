/** Seeds a headless backend through its admin API: accounts and phones spread over sites. */
import type { ApiClient } from '../../../shared/api/client';

export interface SeededPhone {
  mac: string;
  ext: string;
  site: string;
}

/** `perSite` phones on each of `sites`, each with its own account (extension 2001 upwards). */
export async function seedFloors(api: ApiClient, sites: readonly string[], perSite: number, firstExt = 2001): Promise<SeededPhone[]> {
  const out: SeededPhone[] = [];
  let n = 0;
  for (const site of sites) {
    for (let i = 0; i < perSite; i++, n++) {
      const ext = String(firstExt + n);
      // MACs and IP-like numbers full of 2s and 3s, as on a real pallet.
      const mac = `80:5E:C0:23:${(0x20 + Math.floor(n / 256)).toString(16)}:${(n % 256).toString(16).padStart(2, '0')}`.toUpperCase();
      const account = await api.createAccount({
        body: { userName: ext, password: `pw-${ext}-secret`, displayName: `Desk ${n + 1}`, serverHost: 'pbx.example.test' },
      });
      await api.createPhone({
        body: { mac, vendor: 'Yealink', model: n % 3 === 0 ? 'T54W' : 'T46U', site, lines: [{ line: 1, accountId: account.id }] },
      });
      out.push({ mac, ext, site });
    }
  }
  return out;
}
