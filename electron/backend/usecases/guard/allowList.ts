/** The allow-list of subnets: parsed once per settings change, checked per request. */
import { cidrContains, ipToInt, parseCidr, type Cidr } from '../../../../shared/discovery/ipv4';

const compiled = new WeakMap<readonly string[], Cidr[]>();

/** True when `ip` may use the device listener: the list is empty, or an IPv4 subnet in it holds the address. */
export function allowedBy(subnets: readonly string[], ip: string): boolean {
  if (subnets.length === 0) return true;
  let cidrs = compiled.get(subnets);
  if (!cidrs) {
    cidrs = subnets.flatMap((s) => parseCidr(s) ?? []);
    compiled.set(subnets, cidrs);
  }
  const n = ipToInt(ip);
  if (n === null) return false;
  return cidrs.some((c) => cidrContains(c, n));
}
