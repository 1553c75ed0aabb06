/**
 * How the desktop app refuses to start (its data folder held by another process, a port in use,
 * anything that stops the backend): the reason goes to stderr at once, a dialog says it too
 * without blocking, and the app exits non-zero within 5 s of its start whatever the user does
 * (clicking the dialog's button exits sooner). A script or a second launch by mistake never
 * leaves a process waiting for a click. Plain module: main.ts passes Electron's functions in.
 */

/** The app has exited by this long after its process started. */
export const EXIT_DEADLINE_MS = 5000;
/** Kept back from the deadline for exiting itself (Electron's shutdown, a busy machine). */
export const EXIT_MARGIN_MS = 1000;
/** Longest the dialog stays up unanswered, however early the failure came. */
export const DIALOG_MAX_MS = 3000;
export const REFUSAL_EXIT_CODE = 1;

export interface Refusal {
  title: string;
  message: string;
  /** One line for stderr: what happened and what to do. */
  stderrLine: string;
  exitCode: number;
  /** When to exit by itself, counted from now. */
  exitAfterMs: number;
}

/** The refusal for a failure described as title and message, `elapsedMs` after the process started. */
export function planRefusal(failure: { title: string; message: string }, elapsedMs: number): Refusal {
  const left = EXIT_DEADLINE_MS - EXIT_MARGIN_MS - Math.max(0, elapsedMs);
  return {
    title: failure.title,
    message: failure.message,
    stderrLine: `Deskphone Provisioner did not start: ${failure.title}. ${failure.message.replace(/\s*\n+\s*/g, ' ')}\n`,
    exitCode: REFUSAL_EXIT_CODE,
    exitAfterMs: Math.max(0, Math.min(DIALOG_MAX_MS, Math.round(left))),
  };
}

export interface RefusalIo {
  stderr(text: string): void;
  /** Shows the dialog without blocking; resolves when the user closes it. */
  showDialog(title: string, message: string): Promise<unknown>;
  exit(code: number): void;
  setTimer(fn: () => void, ms: number): void;
}

/** Says why, shows the dialog, and exits once: when the dialog is closed or when the time is up, whichever comes first. */
export function refuseToStart(refusal: Refusal, io: RefusalIo): void {
  io.stderr(refusal.stderrLine);
  let exited = false;
  const exit = () => {
    if (exited) return;
    exited = true;
    io.exit(refusal.exitCode);
  };
  io.setTimer(exit, refusal.exitAfterMs);
  let shown: Promise<unknown>;
  try {
    shown = io.showDialog(refusal.title, refusal.message);
  } catch {
    // No dialog (no display): stderr said it, and the timer still ends the app.
    return;
  }
  shown.then(exit, () => undefined);
}
