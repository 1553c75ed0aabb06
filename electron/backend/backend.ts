/**
 * The composition root of the backend. Headless mode, the Electron main process and the tests
 * all start the app through `startBackend`, so what is tested is what runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { networkInterfaces } from 'node:os';
import { createAdminApp } from './admin/app';
import { Context } from './context';
import { createDeviceApp } from './device/app';
import { FirmwareService } from './firmware/service';
import { firmwareDeviceRoute } from './firmware/deviceRoute';
import { watchFirmwareVersions } from './firmware/versions';
import { CallerNotes } from './usecases/callers';
import { PnpService } from './pnp/pnpService';
import { EventBus } from './events/bus';
import { listen, type Listening } from './http/listen';
import { silentLogger, type Logger } from './log';
import { PbxService } from './amiEvents/service';
import { ReprovisionService } from './usecases/reprovision';
import { fileKeyBox, type SecretBox } from './store/secretBox';
import { Store } from './store/store';
import { loadOrCreateCertificate } from './tls/certStore';
import { RenderCache } from './usecases/renderCache';
import { lockPhonesOnRegistration } from './usecases/security';
import { SecurityService } from './usecases/securityService';
import { SweepRunner } from './usecases/sweepRunner';
import { APP_VERSION } from '../common/version';
import { AppError, isNoSpace } from './errors';
import { Faults, registerFaults } from './faults';
import { ADMIN_LIMITS, deviceLimits } from './http/limits';
import { acquireDataLock, type DataLock } from './store/dataLock';

export interface BackendOptions {
  dataDir: string;
  /** Address the device listener binds to; 0.0.0.0 for every interface. */
  host?: string;
  /** Device listener port; 0 for any free port. */
  port?: number;
  /** HTTPS device listener port (beside plain HTTP, same routes); 0 for any free port; false for none. */
  httpsPort?: number | false;
  /** Admin listener port (always on loopback); 0 for any free port. */
  adminPort?: number;
  /** Address put into URLs handed to phones; defaults to the bound host or this machine's LAN address. */
  advertiseHost?: string;
  rendererDir?: string;
  /** The desktop app's page origin (app://deskphone); the admin API accepts it with CORS. */
  appOrigins?: readonly string[];
  logger?: Logger;
  /** How secrets are sealed on disk: the OS keystore in the desktop app; a key file by default. */
  secretBox?: SecretBox;
  version?: string;
  /** Port the SIP plug-and-play listener binds (5060; tests may use another). */
  pnpPort?: number;
  /** How this instance was started, named to a second instance that finds the data folder in use. */
  startedBy?: string;
  /** Device listener: connections served at once; past it, requests get 503 with Retry-After. */
  deviceConnectionBudget?: number;
}

export interface Backend {
  ctx: Context;
  rpsUrl: string;
  deviceBaseUrl: string;
  /** Base of the HTTPS device listener, when it runs. */
  deviceHttpsUrl?: string;
  adminUrl: string;
  adminToken: string;
  stop(): Promise<void>;
}

export { APP_VERSION };

/** A LAN address of this machine, read from the OS (nothing is sent on the network). */
export function firstLanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const log = options.logger ?? silentLogger;
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  // One writer per data folder: a second instance stops here, naming the first (store/dataLock.ts).
  const lock = await acquireDataLock(options.dataDir, options.startedBy ?? 'started by a program (startBackend)');
  try {
    return await startLocked(options, log, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function startLocked(options: BackendOptions, log: Logger, lock: DataLock): Promise<Backend> {
  const host = options.host ?? '0.0.0.0';
  const wildcard = host === '0.0.0.0' || host === '::';
  const advertised = options.advertiseHost ?? (wildcard ? (firstLanAddress() ?? '127.0.0.1') : host);
  // The HTTPS certificate (a new RSA key on the first start) is made while the rest starts up.
  const certificate =
    options.httpsPort === false ? undefined : loadOrCreateCertificate(options.dataDir, [advertised, wildcard ? '' : host]);
  certificate?.catch(() => undefined);
  const secrets = options.secretBox ?? (await fileKeyBox(options.dataDir, (m) => log.warn(m)));
  const bus = new EventBus();
  const faults = new Faults(bus, log);
  const store = await Store.open(options.dataDir, {
    warn: (m) => log.warn(m),
    secrets,
    onFault: (error) => faults.raise(error instanceof AppError && error.code === 'disk_full' ? 'disk_full' : 'write_failed', error.message),
    onRecovered: () => {
      faults.clear('disk_full');
      faults.clear('write_failed');
    },
  });
  const unregisterFaults = registerFaults(faults);
  const placeholder = { deviceBaseUrl: '', rpsUrl: '', adminUrl: '' };
  const ctx = new Context(store, bus, log, placeholder, options.version ?? APP_VERSION);
  const adminToken = randomBytes(32).toString('base64url');
  // The backend's services, built here and handed in: nothing else makes per-backend state.
  const security = new SecurityService({ auditDir: join(options.dataDir, 'audit'), warn: (m) => log.warn(m) });
  security.audit.onFault = (error) =>
    faults.raise(isNoSpace(error) ? 'disk_full' : 'write_failed', `The audit log could not be written: ${error.message}`);
  // The PBX link runs in the background: no PBX configured, or one that is down, blocks nothing.
  // SIP plug-and-play listens only when enabled and an interface is picked; nothing is swept on start.
  const pnp = new PnpService(ctx, options.pnpPort);
  const pbx = new PbxService(ctx);
  const firmware = await FirmwareService.open(options.dataDir, (m) => log.warn(m));
  // Re-provision: a window in the lock for the phone's own address, until its files are fetched.
  const reprovisions = new ReprovisionService(ctx);
  security.lockWaived = (phone, caller) => reprovisions.windows.isOpen(phone.mac, caller.ip);
  ctx.wire({
    security,
    renders: new RenderCache(),
    sweeps: new SweepRunner(),
    callers: new CallerNotes(),
    pnp,
    pbx,
    reprovisions,
    faults,
    lastRings: new Map(),
    firmware,
  });
  const unlockWatch = lockPhonesOnRegistration(ctx);
  const firmwareWatch = watchFirmwareVersions(ctx);

  let device: Listening | undefined;
  let admin: Listening | undefined;
  try {
    device = await listen(createDeviceApp(ctx, { routers: [firmwareDeviceRoute(ctx)] }), {
      host,
      port: options.port ?? 0,
      ...deviceLimits(options),
    });
    let adminPort = 0;
    const adminApp = createAdminApp(ctx, {
      token: adminToken,
      getPort: () => adminPort,
      rendererDir: options.rendererDir,
      ...(options.appOrigins ? { appOrigins: options.appOrigins } : {}),
    });
    admin = await listen(adminApp, { host: '127.0.0.1', port: options.adminPort ?? 0, ...ADMIN_LIMITS });
    adminPort = admin.port;
  } catch (error) {
    await device?.close();
    unlockWatch();
    reprovisions.stop();
    firmwareWatch();
    await pbx.stop();
    security.close();
    await store.close();
    unregisterFaults();
    throw error;
  }

  const deviceBaseUrl = `http://${urlHost(advertised)}:${device.port}`;
  ctx.urls = { deviceBaseUrl, rpsUrl: `${deviceBaseUrl}/rps/v1/lookup`, adminUrl: `http://127.0.0.1:${admin.port}` };
  log.debug('backend started', { deviceBaseUrl, adminUrl: ctx.urls.adminUrl });
  // HTTPS for phones, beside plain HTTP, with the certificate kept in the data dir.
  let deviceTls: Listening | undefined;
  if (certificate) {
    try {
      const cert = await certificate;
      deviceTls = await listen(createDeviceApp(ctx, { routers: [firmwareDeviceRoute(ctx)] }), {
        host,
        port: options.httpsPort || 0,
        ...deviceLimits(options),
        tls: { key: cert.keyPem, cert: cert.certPem },
      });
      security.httpsStarted(`https://${urlHost(advertised)}:${deviceTls.port}`, cert.certPem, cert.fingerprint256);
    } catch (error) {
      log.warn('HTTPS for phones could not start; plain HTTP goes on', { error: (error as Error).message });
    }
  }
  void pnp.sync();
  const unsubscribePnp = bus.subscribe((event) => {
    if (event.type === 'settings-changed') void pnp.sync();
  });

  let stopping: Promise<void> | undefined;
  const d = device;
  const a = admin;
  return {
    ctx,
    ...ctx.urls,
    ...(security.httpsBaseUrl ? { deviceHttpsUrl: security.httpsBaseUrl } : {}),
    adminToken,
    stop: () =>
      (stopping ??= (async () => {
        unsubscribePnp();
        firmwareWatch();
        await ctx.services.sweeps.stop();
        await pnp.stop();
        reprovisions.stop();
        await pbx.stop();
        await Promise.all([d.close(), a.close(), deviceTls?.close()]);
        unlockWatch();
        security.close();
        await store.close();
        unregisterFaults();
        await lock.release();
      })()),
  };
}
