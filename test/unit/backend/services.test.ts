/** The backend's services are handed in once by startBackend; reading them before makes nothing on the side. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Context } from '../../../electron/backend/context';
import { EventBus } from '../../../electron/backend/events/bus';
import { Faults } from '../../../electron/backend/faults';
import { silentLogger } from '../../../electron/backend/log';
import type { Services } from '../../../electron/backend/services';
import { Store } from '../../../electron/backend/store/store';
import { CallerNotes } from '../../../electron/backend/usecases/callers';
import { RenderCache } from '../../../electron/backend/usecases/renderCache';
import { SecurityService } from '../../../electron/backend/usecases/securityService';
import { SweepRunner } from '../../../electron/backend/usecases/sweepRunner';

test('ctx.services throws until wired, is what was handed in, and is wired once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-services-'));
  const store = await Store.open(dir);
  const bus = new EventBus();
  let events = 0;
  bus.subscribe(() => events++);
  try {
    const ctx = new Context(store, bus, silentLogger, { deviceBaseUrl: '', rpsUrl: '', adminUrl: '' }, 'test');
    assert.throws(() => ctx.services, /not wired yet/);
    assert.equal(events, 0, 'a read before wiring published nothing');
    const security = new SecurityService();
    const faults = new Faults(bus, silentLogger);
    // The PnP and PBX services start listeners and sessions (re-provision follows the bus): these stand in, unused here.
    const services = {
      security,
      renders: new RenderCache(),
      sweeps: new SweepRunner(),
      callers: new CallerNotes(),
      pnp: {} as Services['pnp'],
      pbx: {} as Services['pbx'],
      reprovisions: {} as Services['reprovisions'],
      faults,
      lastRings: new Map(),
    } satisfies Services;
    ctx.wire(services);
    assert.equal(ctx.services.security, security);
    // Faults are this backend's service too: what it raises is what its event streams replay.
    assert.equal(ctx.services.faults, faults);
    ctx.services.faults.raise('internal', 'test fault');
    assert.deepEqual(
      ctx.services.faults
        .replay()
        .filter((e) => e.type === 'fault')
        .map((e) => e.type === 'fault' && e.fault.message),
      ['test fault'],
    );
    assert.throws(() => ctx.wire(services), /wired already/);
    security.close();
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
