/**
 * The Electron main process: a thin composition root. It starts the same backend headless mode
 * starts (startBackend), in-process, with the store in Electron's userData folder; serves the
 * built renderer on app://deskphone; opens one window; keeps a single instance; stops the servers
 * on quit. Every decision lives in a plain module under electron/desktop/ with its own tests;
 * this file only wires them to Electron's objects.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, screen, session, shell, type WebContents } from 'electron';
import { DESKTOP_APP_ORIGIN, DESKTOP_APP_SCHEME } from '../shared/api/bridge';
import { startBackend, type Backend } from './backend/backend';
import { tuneHeap } from './backend/heapTuning';
import { installLastResortHandlers } from './backend/faults';
import { createLogger } from './backend/log';
import { fileKeyBox, osBox, type SecretBox } from './backend/store/secretBox';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, serveAppRequest } from './desktop/appProtocol';
import { bridgeHandlers } from './desktop/bridgeHandlers';
import { desktopPaths, deviceHttpsPortFrom, deviceListenFrom, secureWebPreferences, userDataOverride } from './desktop/config';
import { desktopCsp } from './desktop/csp';
import { acknowledgeFirstRun, buildFirstRunInfo, firstRunDialog, loadFirstRunState } from './desktop/firstRun';
import { decideWindowOpen, mayAttachWebview, mayGrantPermission, mayNavigate } from './desktop/navigation';
import { QuitGate } from './desktop/quit';
import { instanceRole, SingleInstance } from './desktop/singleInstance';
import { describeStartFailure } from './desktop/startFailure';
import { planRefusal, refuseToStart } from './desktop/startRefusal';
import { MIN_SIZE, restoreBounds, saveWindowState, loadWindowState, WindowStateKeeper } from './desktop/windowState';

tuneHeap();
const log = createLogger((line) => process.stdout.write(line + '\n'), 'info');
// An uncaught error or rejection in the main process is logged and shown in the UI; the app goes on.
installLastResortHandlers(log);
const paths = desktopPaths(__dirname);
const device = deviceListenFrom(process.env);
const userData = userDataOverride(process.env);
if (userData) app.setPath('userData', userData);
const single = new SingleInstance();
let backend: Backend | undefined;

const quitGate = new QuitGate({
  stop: async () => {
    await backend?.stop();
  },
  quit: () => app.quit(),
  onError: (error) => log.error('stopping the servers failed', { error: (error as Error).message }),
});

// Must happen before 'ready': the page's origin is a standard, secure scheme of its own.
protocol.registerSchemesAsPrivileged([{ scheme: DESKTOP_APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

function secretBox(dataDir: string): Promise<SecretBox> | SecretBox {
  const weakLinux = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (safeStorage.isEncryptionAvailable() && !weakLinux)
    return osBox(
      (plain) => safeStorage.encryptString(plain),
      (sealed) => safeStorage.decryptString(sealed),
    );
  return fileKeyBox(dataDir);
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!mayNavigate(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!mayNavigate(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    if (!mayAttachWebview()) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternal) void shell.openExternal(decision.openExternal);
    return { action: decision.action };
  });
}

async function createWindow(dataDir: string): Promise<BrowserWindow> {
  const bounds = restoreBounds(
    await loadWindowState(dataDir),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : { center: true }),
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Deskphone Provisioner',
    backgroundColor: '#f6f7f9',
    ...(process.platform === 'linux' ? { icon: paths.icon } : {}),
    webPreferences: secureWebPreferences(paths.preload, { packaged: app.isPackaged }),
  });
  if (bounds.maximized) win.maximize();
  if (bounds.fullScreen) win.setFullScreen(true);
  const keeper = new WindowStateKeeper(win, (state) => saveWindowState(dataDir, state));
  for (const event of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const)
    win.on(event as 'resize', () => keeper.changed());
  win.on('close', () => void keeper.flush());
  win.once('ready-to-show', () => win.show());
  single.attach(win);
  return win;
}

/** Says why on stderr and in a dialog that does not block, and exits non-zero within 5 s of the start (desktop/startRefusal.ts). */
function refuse(failure: { title: string; message: string }): void {
  refuseToStart(planRefusal(failure, process.uptime() * 1000), {
    stderr: (text) => process.stderr.write(text),
    showDialog: (title, message) => dialog.showMessageBox({ type: 'error', title, message: title, detail: message, buttons: ['Quit'] }),
    exit: (code) => app.exit(code),
    setTimer: (fn, ms) => setTimeout(fn, ms),
  });
}

async function main(): Promise<void> {
  const dataDir = app.getPath('userData');
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => callback(mayGrantPermission(permission, details.requestingUrl)));
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => mayGrantPermission(permission, requestingOrigin));
  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  const winPromise = createWindow(dataDir);
  try {
    backend = await startBackend({
      dataDir,
      host: device.host,
      port: device.port,
      httpsPort: deviceHttpsPortFrom(process.env),
      ...(device.advertiseHost ? { advertiseHost: device.advertiseHost } : {}),
      adminPort: 0,
      appOrigins: [DESKTOP_APP_ORIGIN],
      secretBox: await secretBox(dataDir),
      version: app.getVersion(),
      logger: log,
      startedBy: 'desktop app',
    });
  } catch (error) {
    log.error('backend did not start', { error: (error as Error).message });
    refuse(describeStartFailure(error, device.port, dataDir));
    return;
  }
  const b = backend;
  const csp = desktopCsp(b.adminUrl);
  protocol.handle(DESKTOP_APP_SCHEME, (request) => serveAppRequest(request, { rootDir: paths.rendererDir, csp }));

  let firstRunState = await loadFirstRunState(dataDir);
  const firstRun = () =>
    buildFirstRunInfo({ platform: process.platform, deviceBaseUrl: b.deviceBaseUrl, rpsUrl: b.rpsUrl, state: firstRunState });
  const acknowledge = async () => {
    firstRunState = await acknowledgeFirstRun(dataDir, firstRun().devicePort);
  };
  const handlers = bridgeHandlers({
    connection: () => ({ adminUrl: b.adminUrl, adminToken: b.adminToken }),
    firstRun: async () => firstRun(),
    acknowledgeFirstRun: acknowledge,
  });
  for (const [channel, handle] of Object.entries(handlers)) ipcMain.handle(channel, (event) => handle(event.senderFrame?.url));

  const win = await winPromise;
  await win.loadURL(APP_ENTRY_URL);
  log.info('desktop app ready', { deviceBaseUrl: b.deviceBaseUrl, dataDir: join(dataDir) });

  const info = firstRun();
  if (info.show && !win.isDestroyed()) {
    await dialog.showMessageBox(win, { type: 'info', ...firstRunDialog(info) });
    await acknowledge();
  }
}

if (instanceRole(app.requestSingleInstanceLock()) === 'quit') {
  app.quit();
} else {
  app.on('second-instance', () => single.onSecondInstance());
  app.on('before-quit', (event) => quitGate.onBeforeQuit(event));
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(main)
    .catch((error: Error) => {
      log.error('desktop app failed', { error: error.message });
      refuse({ title: 'Deskphone Provisioner stopped', message: `${error.message}\n\nStart the app again.` });
    });
}
