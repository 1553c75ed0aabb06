/**
 * One instance of the app at a time: two would fight over the device port and the store. The
 * first instance takes Electron's single-instance lock; a second launch quits at once and the
 * first brings its window to the front. A second launch that arrives while the first is still
 * starting (no window yet) is remembered and the window is focused when it appears.
 */

/** What to do after asking for the lock. */
export function instanceRole(gotLock: boolean): 'primary' | 'quit' {
  return gotLock ? 'primary' : 'quit';
}

/** The parts of a BrowserWindow this module uses. */
export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  isVisible(): boolean;
  show(): void;
  focus(): void;
}

export function bringToFront(win: FocusableWindow): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}

export class SingleInstance {
  private window: FocusableWindow | undefined;
  private pendingFocus = false;

  /** The 'second-instance' event of the first instance. */
  onSecondInstance(): void {
    if (this.window && !this.window.isDestroyed()) bringToFront(this.window);
    else this.pendingFocus = true;
  }

  /** The window, once it exists. */
  attach(win: FocusableWindow): void {
    this.window = win;
    if (this.pendingFocus) {
      this.pendingFocus = false;
      bringToFront(win);
    }
  }
}
