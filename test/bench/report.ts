/**
 * docs/BENCHMARKS.md, kept by `npm run bench`: one section per benchmark between markers, holding
 * what its last run printed, when, and on what machine. A run replaces its own section only.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';

const HEADER = `# Benchmarks

Figures from the last run of each benchmark, written by \`npm run bench\` (test/bench/run.ts):
each section is replaced when its bench runs again. Every figure is a ratio against a reference
measured in the same run, because the machine (and what else it was doing) changes the absolute
numbers. Why the code is as it is, and what the figures decided, is in docs/DECISIONS.md.
`;

const start = (name: string) => `<!-- bench:${name}:start -->`;
const end = (name: string) => `<!-- bench:${name}:end -->`;

/** The machine, as a bench section states it. */
export function machine(): string {
  const list = cpus();
  return `${list.length} × ${list[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}

/** The section text for one bench run. */
export function section(name: string, printed: readonly string[], met: boolean, at = new Date()): string {
  const body = printed.join('\n').replace(/```/g, "'''").trim();
  return [
    start(name),
    `## ${name}`,
    '',
    `Last run ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}; ${met ? 'target met' : 'target NOT met or not run'}.`,
    '',
    '```text',
    body || '(printed nothing)',
    '```',
    end(name),
  ].join('\n');
}

/** `text` with `name`'s section replaced (or added at the end). */
export function withSection(text: string, name: string, sectionText: string): string {
  const base = text.trim() === '' ? HEADER : text;
  const from = base.indexOf(start(name));
  const to = base.indexOf(end(name));
  if (from >= 0 && to > from) return base.slice(0, from) + sectionText + base.slice(to + end(name).length);
  return `${base.trimEnd()}\n\n${sectionText}\n`;
}

export async function updateBenchmarks(file: string, name: string, printed: readonly string[], met: boolean): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '');
  await writeFile(file, withSection(text, name, section(name, printed, met)));
}
