/**
 * Reads a V8 heap snapshot (the JSON Node writes on `--heapsnapshot-signal`) and sums the self
 * size of its nodes by kind and constructor name, largest first: where a process's heap goes.
 */
import { readFile } from 'node:fs/promises';

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapRow {
  what: string;
  count: number;
  bytes: number;
}

export async function summariseHeap(path: string, top = 25): Promise<{ total: number; rows: HeapRow[] }> {
  const raw = JSON.parse(await readFile(path, 'utf8')) as RawSnapshot;
  const fields = raw.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = raw.snapshot.meta.node_types[0];
  const sums = new Map<string, HeapRow>();
  let total = 0;
  for (let i = 0; i < raw.nodes.length; i += width) {
    const type = types[raw.nodes[i + typeAt] as number] ?? '?';
    const size = raw.nodes[i + sizeAt] as number;
    total += size;
    // Strings are summed by kind (their text is not a name); objects by constructor.
    const name = type === 'object' || type === 'closure' ? (raw.strings[raw.nodes[i + nameAt] as number] ?? '?') : '';
    const what = name ? `${type} ${name}` : type;
    const row = sums.get(what) ?? { what, count: 0, bytes: 0 };
    row.count += 1;
    row.bytes += size;
    sums.set(what, row);
  }
  const rows = [...sums.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top);
  return { total, rows };
}
