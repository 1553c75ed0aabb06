/**
 * Calls make Asterisk look up host names (the machine's own name, and whatever the chroot's copied
 * resolv.conf points at). The lab's Asterisk must resolve from files only, so no test sends a DNS
 * query off this machine: the chroot gets `hosts: files` in nsswitch.conf, `nameserver 127.0.0.1`
 * in resolv.conf, and a hosts file naming this machine. Written before every lab start (the cached
 * chroot may predate this, or be rebuilt), each file replaced atomically so a lab starting at the
 * same moment in another process never reads half a file.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export function nsswitchFilesOnly(text: string): string {
  const lines = text.split('\n').filter((l) => !/^\s*hosts\s*:/.test(l));
  return `${lines.join('\n').replace(/\n*$/, '\n')}hosts:          files\n`;
}

export function labHostsFile(name: string): string {
  const names = ['localhost', ...(name && name !== 'localhost' ? [name] : [])].join(' ');
  return `127.0.0.1\t${names}\n::1\tlocalhost ip6-localhost ip6-loopback\n`;
}

async function replace(path: string, text: string): Promise<void> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === text) return;
  const tmp = `${path}.dp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

export async function resolveFromFilesOnly(chroot: string): Promise<void> {
  const etc = join(chroot, 'etc');
  const nsswitch = await readFile(join(etc, 'nsswitch.conf'), 'utf8').catch(() => '');
  await replace(join(etc, 'nsswitch.conf'), nsswitchFilesOnly(nsswitch));
  await replace(join(etc, 'resolv.conf'), 'nameserver 127.0.0.1\n');
  await replace(join(etc, 'hosts'), labHostsFile(hostname()));
}
