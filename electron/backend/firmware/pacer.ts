/**
 * A shared byte budget for firmware downloads (a token bucket, first come first served), so that
 * many phones fetching a large image never take the CPU and the link the provisioning routes need.
 * On a LAN the phones' links are the limit; on loopback (or a fast link) this is.
 */
export class Pacer {
  private tokens: number;
  private last = performance.now();
  private readonly waiting: { bytes: number; resolve(): void }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly burst: number;

  constructor(readonly bytesPerSecond: number) {
    this.burst = Math.max(256 * 1024, bytesPerSecond / 20);
    this.tokens = this.burst;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.bytesPerSecond) / 1000);
    this.last = now;
  }

  /** Undefined when the bytes may go now; otherwise a promise that resolves when they may. */
  take(bytes: number): Promise<void> | undefined {
    this.refill();
    if (this.waiting.length === 0 && this.tokens > 0) {
      this.tokens -= bytes;
      return undefined;
    }
    return new Promise((resolve) => {
      this.waiting.push({ bytes, resolve });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer || this.waiting.length === 0) return;
    const wait = Math.max(1, (-this.tokens * 1000) / this.bytesPerSecond);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refill();
      // A chunk may overdraw the bucket; the next one waits for it to fill back above zero.
      while (this.waiting.length > 0 && this.tokens > 0) {
        const next = this.waiting.shift() as { bytes: number; resolve(): void };
        this.tokens -= next.bytes;
        next.resolve();
      }
      this.schedule();
    }, wait);
  }
}

/** 400 Mbit/s unless DESKPHONE_FIRMWARE_MBITS says otherwise (a 1 Gbit/s LAN port with room to spare). */
export function firmwareBytesPerSecond(env: NodeJS.ProcessEnv = process.env): number {
  const mbits = Number(env['DESKPHONE_FIRMWARE_MBITS']);
  return (Number.isFinite(mbits) && mbits > 0 ? mbits : 400) * 125_000;
}
