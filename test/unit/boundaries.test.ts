import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function lint(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('shared/ may not import Node, Electron, Express or React', async () => {
  for (const source of [
    "import { readFile } from 'node:fs';",
    "import fs from 'fs';",
    "import { app } from 'electron';",
    "import express from 'express';",
    "import React from 'react';",
  ]) {
    const messages = await lint('shared/domain/example.ts', `${source}\nexport const x = 1;\n`);
    assert.equal(messages.length, 1, source);
  }
  assert.deepEqual(await lint('shared/domain/example.ts', "import { z } from 'zod';\nexport const x = z.string();\n"), []);
});

test('only electron/main.ts and electron/preload.ts may import electron', async () => {
  const code = "import { app } from 'electron';\nexport const x = app;\n";
  assert.equal((await lint('electron/backend/example.ts', code)).length, 1);
  assert.equal((await lint('renderer/example.ts', code)).length, 1);
  assert.deepEqual(await lint('electron/main.ts', code), []);
  assert.deepEqual(await lint('electron/preload.ts', code), []);
});

test('backend layers import only downward: entry points, then use cases, then adapters', async () => {
  const code = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;
  // Use cases (and the device pipeline) may not reach up to a listener.
  for (const [file, from] of [
    ['electron/backend/usecases/example.ts', '../device/app'],
    ['electron/backend/usecases/example.ts', '../admin/handlers'],
    ['electron/backend/usecases/guard/example.ts', '../../pnp/pnpService'],
    ['electron/backend/pipeline/example.ts', '../amiEvents/service'],
    ['electron/backend/pipeline/example.ts', '../amiEvents/registrationMonitor'],
    ['electron/backend/usecases/example.ts', '../amiEvents/anyNewListener'],
  ] as const) {
    assert.equal((await lint(file, code(from))).length, 1, `${file} -> ${from}`);
  }
  // Adapters may not reach up to a use case, the Context or a listener.
  for (const [file, from] of [
    ['electron/backend/discovery/example.ts', '../usecases/inventory'],
    ['electron/backend/store/example.ts', '../context'],
    ['electron/backend/ami/amiClient.ts', '../amiEvents/registrationMonitor'],
    ['electron/backend/ami/endpoints.ts', '../usecases/timeline'],
    ['electron/backend/ami/anyNewAdapter.ts', '../context'],
    ['electron/backend/tls/example.ts', '../pipeline/pipeline'],
    ['electron/backend/http/example.ts', '../device/app'],
  ] as const) {
    assert.equal((await lint(file, code(from))).length, 1, `${file} -> ${from}`);
  }
  // Downward is allowed, and the listeners may use anything below them.
  for (const [file, from] of [
    ['electron/backend/usecases/example.ts', '../store/ops'],
    ['electron/backend/usecases/example.ts', '../context'],
    ['electron/backend/pipeline/example.ts', '../usecases/security'],
    ['electron/backend/discovery/example.ts', './neighbourTable'],
    ['electron/backend/discovery/example.ts', '../../../shared/discovery/ipv4'],
    ['electron/backend/device/example.ts', '../pipeline/pipeline'],
    ['electron/backend/amiEvents/registrationMonitor.ts', '../usecases/timeline'],
    ['electron/backend/amiEvents/service.ts', '../ami/amiSession'],
    ['electron/backend/usecases/pbx.ts', '../ami/amiClient'],
    ['electron/backend/pnp/example.ts', '../discovery/pnpListener'],
  ] as const) {
    assert.deepEqual(await lint(file, code(from)), [], `${file} -> ${from}`);
  }
  // Each layer still keeps electron out.
  assert.equal((await lint('electron/backend/usecases/example.ts', "import { app } from 'electron';\nexport const x = app;\n")).length, 1);
});
