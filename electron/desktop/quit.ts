/**
 * Quitting cleanly: the first 'before-quit' is held back while the backend stops (both listeners
 * closed, ports released, the store flushed), then the app quits for real. A stop that hangs is
 * cut off after a few seconds, so the app always quits.
 */
export interface QuitEvent {
  preventDefault(): void;
}

export interface QuitGateOptions {
  stop(): Promise<void>;
  quit(): void;
  onError?(error: unknown): void;
  timeoutMs?: number;
}

export class QuitGate {
  private state: 'running' | 'stopping' | 'stopped' = 'running';

  constructor(private readonly options: QuitGateOptions) {}

  get phase(): 'running' | 'stopping' | 'stopped' {
    return this.state;
  }

  /** Wire to app.on('before-quit'). */
  onBeforeQuit(event: QuitEvent): void {
    if (this.state === 'stopped') return;
    event.preventDefault();
    if (this.state === 'stopping') return;
    this.state = 'stopping';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.options.onError?.(new Error('the servers took too long to stop'));
        resolve();
      }, this.options.timeoutMs ?? 5000);
    });
    const stopped = this.options.stop().catch((error: unknown) => this.options.onError?.(error));
    void Promise.race([stopped, timeout]).then(() => {
      clearTimeout(timer);
      this.state = 'stopped';
      this.options.quit();
    });
  }
}
