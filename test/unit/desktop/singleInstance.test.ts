import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bringToFront, instanceRole, SingleInstance, type FocusableWindow } from '../../../electron/desktop/singleInstance';

function fakeWindow(state: { minimized?: boolean; visible?: boolean; destroyed?: boolean } = {}) {
  const calls: string[] = [];
  const win: FocusableWindow = {
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized ?? false,
    restore: () => calls.push('restore'),
    isVisible: () => state.visible ?? true,
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  };
  return { win, calls };
}

test('the instance that gets the lock runs; any other quits', () => {
  assert.equal(instanceRole(true), 'primary');
  assert.equal(instanceRole(false), 'quit');
});

test('a second launch restores a minimized window and focuses it', () => {
  const { win, calls } = fakeWindow({ minimized: true });
  const single = new SingleInstance();
  single.attach(win);
  single.onSecondInstance();
  assert.deepEqual(calls, ['restore', 'focus']);
});

test('a hidden window is shown before it is focused', () => {
  const { win, calls } = fakeWindow({ visible: false });
  bringToFront(win);
  assert.deepEqual(calls, ['show', 'focus']);
});

test('a second launch during start-up focuses the window once it exists, once', () => {
  const single = new SingleInstance();
  single.onSecondInstance();
  single.onSecondInstance();
  const { win, calls } = fakeWindow();
  single.attach(win);
  assert.deepEqual(calls, ['focus']);
  const other = fakeWindow();
  single.attach(other.win);
  assert.deepEqual(other.calls, []);
});

test('a destroyed window is left alone', () => {
  const { win, calls } = fakeWindow({ destroyed: true, minimized: true });
  const single = new SingleInstance();
  single.attach(win);
  single.onSecondInstance();
  assert.deepEqual(calls, []);
});
