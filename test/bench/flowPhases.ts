/** What the registration and memory benches share: a bounded pool, and a phone's whole flow (steps 1-6, then REGISTER). */
import type { SeenAccount } from '../../shared/config/checkDefault';
import type { RegisteredPhones } from '../../electron/sim/sip/registerPhones';
import { userAgentOf, VirtualPhone, type PhoneIdentity } from '../../electron/sim/virtualPhone';

/** Runs `job` over `items` with at most `width` at once. */
export async function pool<T>(items: readonly T[], width: number, job: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await job(items[i] as T, i);
      }
    }),
  );
}

/** Each phone provisions (steps 1-6) and then registers at once, as firmware does; returns the failures. */
export async function provisionAndRegister(
  phones: readonly PhoneIdentity[],
  rpsUrl: string,
  registered: RegisteredPhones,
  accounts: SeenAccount[][],
  concurrency: number,
): Promise<string[]> {
  const failures: string[] = [];
  await pool(phones, concurrency, async (id, i) => {
    const result = await new VirtualPhone(id, { rpsUrl }).provision();
    if (!result.ok || !result.config) {
      failures.push(`${id.mac}: ${result.reason}`);
      return;
    }
    accounts[i] = result.config.accounts;
    const [line] = await registered.registerAll([{ mac: id.mac, userAgent: userAgentOf(id), accounts: result.config.accounts }], {
      concurrency: 1,
    });
    if (!line?.outcome.ok) failures.push(`${id.mac}: ${line?.outcome.ok === false ? line.outcome.reason : 'no account'}`);
  });
  return failures;
}

/** The median of a list of numbers (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
