/** What a child process printed and how it ended, for tests that run the CLI tools. */
import type { ChildProcess } from 'node:child_process';

export interface ChildOutput {
  /** Exit status; 1 when a signal ended it. */
  code: number;
  stdout: string;
  stderr: string;
  /** Both streams in the order their bytes arrived. */
  out: string;
}

export function childOutput(child: ChildProcess): Promise<ChildOutput> {
  return new Promise((resolve) => {
    const got = { stdout: '', stderr: '', out: '' };
    child.stdout?.on('data', (b: Buffer) => {
      got.stdout += b.toString();
      got.out += b.toString();
    });
    child.stderr?.on('data', (b: Buffer) => {
      got.stderr += b.toString();
      got.out += b.toString();
    });
    child.once('exit', (code) => resolve({ code: code ?? 1, ...got }));
  });
}
