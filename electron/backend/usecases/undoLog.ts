/** Bulk and destructive actions keep the operations that put things back, for a while. */
import { randomUUID } from 'node:crypto';
import type { Op } from '../store/ops';

const KEEP = 50;

export class UndoLog {
  private readonly entries = new Map<string, Op[]>();

  add(restore: Op[]): string {
    const id = randomUUID();
    this.entries.set(id, restore);
    while (this.entries.size > KEEP) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return id;
  }

  take(id: string): Op[] | undefined {
    const ops = this.entries.get(id);
    this.entries.delete(id);
    return ops;
  }
}
