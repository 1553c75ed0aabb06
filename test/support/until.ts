/**
 * Polls `probe` every 100 ms until it gives a value, for state a real part (Asterisk, baresip)
 * reaches in its own time with no event to await; fails naming what it waited for and the last error.
 */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`, { cause: last });
    await new Promise((r) => setTimeout(r, 100));
  }
}
