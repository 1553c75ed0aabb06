/** The machine's interfaces with their subnets and a hint which one holds the phones. */
import { networkInterfaces } from 'node:os';
import { neighbours } from '../../../shared/discovery/arpEntry';
import { describeInterfaces, type LanInterface, type RawAddress } from '../../../shared/discovery/interfaces';
import { looksLikePhone } from '../../../shared/discovery/vendor';
import { readNeighbourTable } from './neighbourTable';

export function rawAddresses(): RawAddress[] {
  const out: RawAddress[] = [];
  for (const [name, list] of Object.entries(networkInterfaces())) {
    for (const a of list ?? [])
      out.push({ name, address: a.address, netmask: a.netmask, mac: a.mac, internal: a.internal, family: a.family });
  }
  return out;
}

/** Reads the OS only (interface list, neighbour table): nothing is sent on the network. */
export async function listLanInterfaces(): Promise<LanInterface[]> {
  const table = neighbours(await readNeighbourTable());
  const phoneIps = table.filter((n) => looksLikePhone(n.mac)).map((n) => n.ip);
  return describeInterfaces(rawAddresses(), phoneIps);
}

export async function findLanInterface(name: string): Promise<LanInterface | undefined> {
  return describeInterfaces(rawAddresses()).find((i) => i.name === name);
}
