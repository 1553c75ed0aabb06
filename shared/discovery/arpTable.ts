/** Picks the neighbour-table parser for the operating system that printed the text. */
import type { ArpEntry } from './arpEntry';
import { parseProcNetArp } from './arpLinux';
import { parseMacArp } from './arpMac';
import { parseWindowsArp } from './arpWindows';

export type ArpFormat = 'linux-proc' | 'macos' | 'windows';

export function parseArpTable(format: ArpFormat, text: string): ArpEntry[] {
  switch (format) {
    case 'linux-proc':
      return parseProcNetArp(text);
    case 'macos':
      return parseMacArp(text);
    case 'windows':
      return parseWindowsArp(text);
  }
}

/** Which format a platform's table comes in (Node's process.platform names). */
export function arpFormatOf(platform: string): ArpFormat {
  if (platform === 'win32') return 'windows';
  if (platform === 'linux' || platform === 'android') return 'linux-proc';
  return 'macos';
}
