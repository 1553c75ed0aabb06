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
