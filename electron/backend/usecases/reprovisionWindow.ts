/**
 * The re-provision window: while a re-provision is under way, a locked phone may fetch its files
 * holding passwords again, but only from its own last known address and only until the window's
 * end; the re-provision closes the window as soon as the phone's file cycle is done. Nothing
 * else opens it, and nothing here touches the stored phone: the lock itself (`lockedAt`) stays.
 *
 * The device pipeline asks one question where it would refuse a locked phone's secret file:
 * `SecurityService.lockWaived(phone, caller)`, which startBackend points at `isOpen` here.
 */

export interface OpenWindow {
  mac: string;
  address: string;
  openedAt: number;
  until: number;
}

export class ReprovisionWindows {
  private readonly open_ = new Map<string, OpenWindow>();

  /** Opens (or re-opens, replacing the last one) the window of `mac` for `address` until `until` (ms). */
  open(mac: string, address: string, until: number, now = Date.now()): OpenWindow {
    const w = { mac, address, openedAt: now, until };
    this.open_.set(mac, w);
    return w;
  }

  /** Whether a request from `address` for `mac` is inside an open window at `now`. */
  isOpen(mac: string, address: string, now = Date.now()): boolean {
    const w = this.open_.get(mac);
    if (!w) return false;
    if (now >= w.until) {
      this.open_.delete(mac);
      return false;
    }
    return w.address === address;
  }

  /** The window of `mac` while it has not passed, whatever the address. */
  get(mac: string, now = Date.now()): OpenWindow | undefined {
    const w = this.open_.get(mac);
    return w && now < w.until ? w : undefined;
  }

  /** Closes the window of `mac`; returns it when one was open. */
  close(mac: string): OpenWindow | undefined {
    const w = this.open_.get(mac);
    this.open_.delete(mac);
    return w;
  }
}
