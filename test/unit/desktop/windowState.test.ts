import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  captureState,
  DEFAULT_SIZE,
  loadWindowState,
  MIN_SIZE,
  restoreBounds,
  saveWindowState,
  WINDOW_STATE_FILE,
  WindowStateKeeper,
  type Rect,
  type WindowState,
} from '../../../electron/desktop/windowState';

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1050 };
const rightScreen: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };

test('a saved window on a display opens where it was, at its size', () => {
  const b = restoreBounds({ x: 100, y: 80, width: 1400, height: 900, maximized: false, fullScreen: false }, [laptop]);
  assert.deepEqual(b, { x: 100, y: 80, width: 1400, height: 900, maximized: false, fullScreen: false });
});

test('a window saved on a screen that is gone opens centred (no x/y), keeping its size and maximized flag', () => {
  const saved = { x: 2200, y: 100, width: 1500, height: 900, maximized: true, fullScreen: true };
  assert.deepEqual(restoreBounds(saved, [laptop, rightScreen]), { ...saved, fullScreen: true });
  const b = restoreBounds(saved, [laptop]);
  assert.equal(b.x, undefined);
  assert.equal(b.y, undefined);
  assert.equal(b.width, 1500);
  assert.equal(b.maximized, true);
  assert.equal(b.fullScreen, false);
});

test('a window whose title bar is above the screen or barely on it is not kept there', () => {
  assert.equal(restoreBounds({ x: 100, y: -500, width: 1000, height: 700 }, [laptop]).x, undefined);
  assert.equal(restoreBounds({ x: 1900, y: 100, width: 1000, height: 700 }, [laptop]).x, undefined);
  assert.equal(restoreBounds({ x: 1700, y: 100, width: 1000, height: 700 }, [laptop]).x, 1700);
});

test('sizes are clamped to the minimum and to the largest display', () => {
  const small = restoreBounds({ x: 10, y: 10, width: 200, height: 100 }, [laptop]);
  assert.equal(small.width, MIN_SIZE.width);
  assert.equal(small.height, MIN_SIZE.height);
  const huge = restoreBounds({ x: 0, y: 0, width: 9000, height: 9000 }, [laptop]);
  assert.equal(huge.width, laptop.width);
  assert.equal(huge.height, laptop.height);
});

test('anything that is not a valid saved state gives the default size, centred', () => {
  for (const bad of [
    undefined,
    null,
    'x',
    [],
    {},
    { x: 'a', y: 0, width: 1, height: 1 },
    { x: 0, y: 0, width: -5, height: 10 },
    { x: 1e9, y: 0, width: 900, height: 600 },
  ]) {
    const b = restoreBounds(bad, [laptop]);
    assert.deepEqual(b, { ...DEFAULT_SIZE, maximized: false, fullScreen: false }, JSON.stringify(bad));
  }
});

test('with no displays reported the saved size is still used, centred', () => {
  const b = restoreBounds({ x: 10, y: 10, width: 1000, height: 700 }, []);
  assert.deepEqual(b, { width: 1000, height: 700, maximized: false, fullScreen: false });
});

test('captureState saves the normal bounds, rounded, and the maximized flag', () => {
  const state = captureState({
    getNormalBounds: () => ({ x: 10.4, y: 20.6, width: 1200.2, height: 800 }),
    isMaximized: () => true,
    isFullScreen: () => false,
  });
  assert.deepEqual(state, { x: 10, y: 21, width: 1200, height: 800, maximized: true, fullScreen: false });
});

test('the state survives a save and load through the data folder; a corrupt file reads as nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-win-'));
  try {
    assert.equal(await loadWindowState(dir), undefined);
    const state: WindowState = { x: 5, y: 6, width: 1000, height: 700, maximized: false, fullScreen: false };
    await saveWindowState(dir, state);
    assert.deepEqual(await loadWindowState(dir), state);
    assert.deepEqual(restoreBounds(await loadWindowState(dir), [laptop]), {
      x: 5,
      y: 6,
      width: 1000,
      height: 700,
      maximized: false,
      fullScreen: false,
    });
    await writeFile(join(dir, WINDOW_STATE_FILE), '{"x": 1, "y"');
    assert.equal(await loadWindowState(dir), undefined);
    assert.deepEqual(restoreBounds(await loadWindowState(dir), [laptop]), { ...DEFAULT_SIZE, maximized: false, fullScreen: false });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the keeper saves once after a burst of moves, and at once on flush', async (t) => {
  // A fake clock: the keeper's debounce is a setTimeout; microtasks (the save) still run for real.
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const settle = () => new Promise((r) => setImmediate(r));
  let bounds = { x: 0, y: 0, width: 1000, height: 700 };
  const saved: WindowState[] = [];
  const keeper = new WindowStateKeeper(
    { getNormalBounds: () => bounds, isMaximized: () => false, isFullScreen: () => false },
    async (s) => {
      saved.push(s);
    },
    20,
  );
  for (let i = 1; i <= 5; i++) {
    bounds = { ...bounds, x: i * 10 };
    keeper.changed();
    t.mock.timers.tick(10);
  }
  await settle();
  assert.equal(saved.length, 0, 'no save while the moves keep coming');
  t.mock.timers.tick(20);
  await settle();
  assert.equal(saved.length, 1);
  assert.equal(saved[0]?.x, 50);
  bounds = { ...bounds, x: 99 };
  keeper.changed();
  await keeper.flush();
  assert.equal(saved.length, 2);
  assert.equal(saved[1]?.x, 99);
  t.mock.timers.tick(1000);
  await settle();
  assert.equal(saved.length, 2, 'flush cancelled the pending save');
});

test('a keeper whose window is already gone, or whose disk write fails, does not throw', async () => {
  const keeper = new WindowStateKeeper(
    {
      getNormalBounds: () => {
        throw new Error('Object has been destroyed');
      },
      isMaximized: () => false,
      isFullScreen: () => false,
    },
    async () => undefined,
  );
  await keeper.flush();
  const failing = new WindowStateKeeper(
    { getNormalBounds: () => ({ x: 0, y: 0, width: 900, height: 600 }), isMaximized: () => false, isFullScreen: () => false },
    async () => {
      throw new Error('disk full');
    },
  );
  await failing.flush();
  const dir = await mkdtemp(join(tmpdir(), 'dp-win-'));
  await rm(dir, { recursive: true, force: true });
  await saveWindowState(join(dir, 'nested'), { x: 0, y: 0, width: 900, height: 600, maximized: false, fullScreen: false });
  assert.match(await readFile(join(dir, 'nested', WINDOW_STATE_FILE), 'utf8'), /"width":900/);
  await rm(dir, { recursive: true, force: true });
});
