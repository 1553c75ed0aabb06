/**
 * The preload: exposes `window.deskphone` (shared/api/bridge.ts) and nothing else. The renderer
 * never sees ipcRenderer; each bridge method is bound to one fixed channel (electron/desktop/
 * bridge.ts). Runs sandboxed, so this bundle may require only 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './desktop/bridge';

contextBridge.exposeInMainWorld(
  'deskphone',
  createBridge((channel) => ipcRenderer.invoke(channel), {
    platform: process.platform,
    // Replaced with package.json's version at build time (build/build.ts).
    version: process.env.DESKPHONE_VERSION ?? '0.0.0',
  }),
);
