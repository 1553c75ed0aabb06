/** Bulk and destructive actions keep the operations that put things back, for a while. */
import { randomUUID } from 'node:crypto';
import type { Op } from '../store/ops';

const KEEP = 50;

/** An undo that is not store operations (a firmware file put back from the trash). */
export interface UndoAction {
  run(): Promise<void>;
  /** Called when the undo is dropped, unused, to free what it kept. */
  expire?(): void;
}

export class UndoLog {
  private readonly entries = new Map<string, Op[] | UndoAction>();

  add(restore: Op[]): string {
    return this.keep(restore);
  }

  addAction(action: UndoAction): string {
    return this.keep(action);
  }

  private keep(entry: Op[] | UndoAction): string {
    const id = randomUUID();
    this.entries.set(id, entry);
    while (this.entries.size > KEEP) {
      const oldest = this.entries.keys().next().value as string;
      const dropped = this.entries.get(oldest);
      this.entries.delete(oldest);
      if (dropped && !Array.isArray(dropped)) dropped.expire?.();
    }
    return id;
  }

  take(id: string): Op[] | undefined {
    const entry = this.entries.get(id);
    if (!Array.isArray(entry)) return undefined;
    this.entries.delete(id);
    return entry;
  }

  takeAction(id: string): UndoAction | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined || Array.isArray(entry)) return undefined;
    this.entries.delete(id);
    return entry;
  }
}
