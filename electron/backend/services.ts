/**
 * The services one backend runs, each built by `startBackend` (backend.ts) and reached through
 * `ctx.services`. They hold the state that lives as long as the backend and is not in the store:
 * nothing in a use case keeps per-backend state of its own.
 */
import type { CallerNotes } from './usecases/callers';
import type { PnpService } from './pnp/pnpService';
import type { PbxService } from './amiEvents/service';
import type { RenderCache } from './usecases/renderCache';
import type { ReprovisionService } from './usecases/reprovision';
import type { SecurityService } from './usecases/securityService';
import type { SweepRunner } from './usecases/sweepRunner';
import type { FirmwareService } from './firmware/service';
import type { Faults } from './faults';
import type { RingEvent } from '../../shared/pbx/ring';

export interface Services {
  /** Lock-out buckets, the audit log, digest nonce key, the HTTPS listener's address and certificate. */
  readonly security: SecurityService;
  /** Rendered provisioning files and what each request meant, until anything they depend on changes. */
  readonly renders: RenderCache;
  /** The one discovery sweep that may run at a time. */
  readonly sweeps: SweepRunner;
  /** The bounds on noting callers the device listener could not name. */
  readonly callers: CallerNotes;
  /** The SIP plug-and-play listener, run while the settings ask for it. */
  readonly pnp: PnpService;
  /** The AMI link and the registration monitor. */
  readonly pbx: PbxService;
  /** Re-provisions: the lock windows they open and each phone's last one, followed to the end. */
  readonly reprovisions: ReprovisionService;
  /** Faults the technician must hear of while they last (full disk, refused write, caught error), replayed to each new event stream. */
  readonly faults: Faults;
  /** The last desk-check ring of each phone, by MAC (in memory: a ring is live state, the verdict is what is kept). */
  readonly lastRings: Map<string, RingEvent>;
  /** The firmware library in the data folder and the byte budget its downloads share (absent in a backend-less test). */
  readonly firmware?: FirmwareService;
}
