import ipaddr from 'ipaddr.js';
import { z } from 'zod';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

const entrySchema = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

/** Whether `entry` is an IPv4 or IPv6 address, or a CIDR of either, written the usual way. */
export const isAddressOrRange = (entry: string): boolean => entrySchema.safeParse(entry).success;

/**
 * An entry as the range it covers. An IPv4-mapped IPv6 range (`::ffff:10.0.0.0/104`) is the IPv4 range it maps, since
 * an IPv4 client is matched as IPv4 whichever way the socket reports it.
 */
export function rangeOf(entry: string): Range {
  const [address, prefix] = entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), -1];
  const bits = address.kind() === 'ipv4' ? 32 : 128;
  const length = prefix === -1 ? bits : prefix;
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && length >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), length - 96];
  }
  return [address, length];
}

const IPV4_MAPPED: Range = ipaddr.parseCIDR('::ffff:0:0/96');

/**
 * How many leading bits of an IPv4 address a range fixes, when it covers IPv4 clients at all: an IPv6 range that
 * contains the IPv4-mapped block (`::/32`, `::/0`) covers every IPv4 client, i.e. fixes none of their bits.
 */
export function ipv4PrefixOf([address, prefix]: Range): number | undefined {
  if (address.kind() === 'ipv4') return prefix;
  return prefix <= 96 && IPV4_MAPPED[0].match([address, prefix]) ? 0 : undefined;
}

/** A list of addresses and CIDRs; a client seen as `::ffff:a.b.c.d` is matched as `a.b.c.d`. */
export class AddressList {
  private readonly ranges: Range[];

  constructor(entries: readonly string[]) {
    this.ranges = entries.map(rangeOf);
  }

  has(ip: string): boolean {
    if (!ipaddr.isValid(ip)) return false;
    const address = ipaddr.process(ip);
    return this.ranges.some(([network, prefix]) => network.kind() === address.kind() && address.match(network, prefix));
  }
}
