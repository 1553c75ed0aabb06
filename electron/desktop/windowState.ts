/**
 * The window's size and position across runs. Saved to window-state.json in the app's data
 * folder; read back only if it is valid and still on a display (a laptop undocked from a second
 * screen must not open its window off-screen): otherwise the window opens centred at the
 * default size. All Electron objects come in through the small interfaces below.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../backend/store/atomicFile';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 800, height: 560 } as const;
/** How much of the title bar must lie on a display for a saved position to be kept. */
const VISIBLE_MIN = { width: 120, height: 40 } as const;

const int = z.number().int().min(-100_000).max(100_000);
export const windowStateSchema = z.object({
  x: int,
  y: int,
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean().default(false),
  fullScreen: z.boolean().default(false),
});
export type WindowState = z.infer<typeof windowStateSchema>;

/** What BrowserWindow is given: no x/y means "centre it". */
export interface InitialBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
  fullScreen: boolean;
}

function overlap(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y),
  };
}

/** The title bar strip: the part a person needs to see to grab and move the window. */
function titleBar(r: Rect): Rect {
  return { x: r.x, y: r.y, width: r.width, height: Math.min(r.height, VISIBLE_MIN.height) };
}

/**
 * Where to open the window, given what was saved (anything, or nothing) and the displays' work
 * areas now. Sizes are clamped to the minimum and to the largest work area.
 */
export function restoreBounds(saved: unknown, workAreas: readonly Rect[]): InitialBounds {
  const largest = workAreas.reduce<Rect | undefined>((m, a) => (!m || a.width * a.height > m.width * m.height ? a : m), undefined);
  const fit = (w: number, h: number) => ({
    width: Math.max(MIN_SIZE.width, largest ? Math.min(w, largest.width) : w),
    height: Math.max(MIN_SIZE.height, largest ? Math.min(h, largest.height) : h),
  });
  const fallback: InitialBounds = { ...fit(DEFAULT_SIZE.width, DEFAULT_SIZE.height), maximized: false, fullScreen: false };
  const parsed = windowStateSchema.safeParse(saved);
  if (!parsed.success) return fallback;
  const s = parsed.data;
  const size = fit(s.width, s.height);
  const bounds = { x: s.x, y: s.y, ...size };
  const visible = workAreas.some((area) => {
    const o = overlap(titleBar(bounds), area);
    return o.width >= Math.min(VISIBLE_MIN.width, bounds.width) && o.height >= Math.min(VISIBLE_MIN.height, bounds.height);
  });
  if (!visible) return { ...size, maximized: s.maximized, fullScreen: false };
  return { ...bounds, maximized: s.maximized, fullScreen: s.fullScreen };
}

/** The parts of a BrowserWindow this module reads. */
export interface StatefulWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
}

/** What to save: the normal (un-maximized) bounds, so un-maximizing next time restores them. */
export function captureState(win: StatefulWindow): WindowState {
  const b = win.getNormalBounds();
  return windowStateSchema.parse({
    x: Math.round(b.x),
    y: Math.round(b.y),
    width: Math.round(b.width),
    height: Math.round(b.height),
    maximized: win.isMaximized(),
    fullScreen: win.isFullScreen(),
  });
}

export async function loadWindowState(dataDir: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(join(dataDir, WINDOW_STATE_FILE), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (store/atomicFile.ts): a crash or a full disk leaves the old file, not half a file. */
export async function saveWindowState(dataDir: string, state: WindowState): Promise<void> {
  const path = join(dataDir, WINDOW_STATE_FILE);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, JSON.stringify(state) + '\n', { mode: 0o644 });
}

/**
 * Saves the state a moment after the window stops moving or resizing (and at once on close),
 * never more than one write at a time.
 */
export class WindowStateKeeper {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly win: StatefulWindow,
    private readonly save: (state: WindowState) => Promise<void>,
    private readonly delayMs = 500,
  ) {}

  /** Call on 'resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'. */
  changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Call on 'close' (while the window still exists). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let state: WindowState;
    try {
      state = captureState(this.win);
    } catch {
      return this.writing;
    }
    this.writing = this.writing.then(() => this.save(state)).catch(() => undefined);
    return this.writing;
  }
}
