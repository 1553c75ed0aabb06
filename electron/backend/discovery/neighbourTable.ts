/**
 * Reads the operating system's whole neighbour (ARP) table at once: /proc/net/arp on Linux, one
 * `arp -a` on macOS and Windows. No admin rights, no child process per host.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { ArpEntry } from '../../../shared/discovery/arpEntry';
import { arpFormatOf, parseArpTable } from '../../../shared/discovery/arpTable';

export async function readNeighbourTable(platform: string = process.platform): Promise<ArpEntry[]> {
  const format = arpFormatOf(platform);
  if (format === 'linux-proc') {
    return parseArpTable(format, await readFile('/proc/net/arp', 'utf8').catch(() => ''));
  }
  const text = await new Promise<string>((resolve) => {
    execFile(
      'arp',
      format === 'macos' ? ['-an'] : ['-a'],
      { timeout: 5000, windowsHide: true, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout) => {
        resolve(error ? '' : stdout);
      },
    );
  });
  return parseArpTable(format, text);
}
