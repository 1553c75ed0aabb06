/** Starts the real backend, as headless mode does, in a fresh temp data dir, for a test. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient, type ApiClient } from '../../shared/api/client';
import { startBackend, type Backend, type BackendOptions } from '../../electron/backend/backend';

export interface TestBackend extends Backend {
  api: ApiClient;
  dataDir: string;
  cleanup(): Promise<void>;
}

export async function startTestBackend(options: Partial<BackendOptions> = {}): Promise<TestBackend> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'dp-test-')));
  const backend = await startBackend({ host: '127.0.0.1', port: 0, adminPort: 0, ...options, dataDir });
  const api = createApiClient({ baseUrl: backend.adminUrl, token: backend.adminToken, fetch: fetch as never });
  return {
    ...backend,
    api,
    dataDir,
    cleanup: async () => {
      await backend.stop();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
