import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** The SSRF guard: a webhook may only reach a public address over http(s), unless the operator
 * allows private targets (WEBHOOK_ALLOW_PRIVATE_TARGETS). Checked when an endpoint is saved (to
 * tell the admin why) and again at every delivery, which then connects to the very address it
 * checked (send.ts), so a name that resolves elsewhere later (DNS rebinding) cannot get past. */

const V4: [string, number, string][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const V6: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'multicast'],
];

/** Each range with its name: which one matched is what the admin is told. */
const RANGES = [...V4.map((range) => subnet(range, 'ipv4')), ...V6.map((range) => subnet(range, 'ipv6'))];

function subnet([network, prefix, name]: [string, number, string], type: 'ipv4' | 'ipv6') {
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return { type, name, list };
}

/** Why an address may not be a webhook's target, or null when it may. */
export function refusedAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 6) {
    // An IPv4 address written as IPv6 (::ffff:127.0.0.1, or NAT64's 64:ff9b::/96) is that IPv4 address.
    const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? v4FromHexTail(address);
    if (embedded) return refusedAddress(embedded);
  }
  if (!family) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return RANGES.find((range) => range.type === type && range.list.check(address, type))?.name ?? null;
}

/** ::ffff:7f00:1 (the mapped form Node prints) → 127.0.0.1. */
function v4FromHexTail(address: string): string | null {
  const match = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!match) return null;
  const [high, low] = [parseInt(match[1], 16), parseInt(match[2], 16)];
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

export interface ResolvedTarget {
  url: URL;
  /** The address to connect to (checked). */
  address: string;
  family: 4 | 6;
}

export type TargetCheck = { ok: true; target: ResolvedTarget } | { ok: false; reason: string };

/** A URL's shape: http or https, a host, no credentials. */
export function urlProblem(raw: string): { url: URL } | { reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { reason: 'not an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { reason: `scheme ${url.protocol.slice(0, -1)} is not http or https` };
  if (url.username || url.password) return { reason: 'credentials in the URL are refused (sign with the endpoint secret instead)' };
  if (!url.hostname) return { reason: 'no host' };
  return { url };
}

/** Resolves the URL's host and checks every address it resolves to (one refused address refuses
 * the target: which one a client picks is not ours to choose). */
export async function resolveTarget(raw: string, allowPrivate: boolean): Promise<TargetCheck> {
  const shape = urlProblem(raw);
  if ('reason' in shape) return { ok: false, reason: shape.reason };
  const { url } = shape;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (error) {
      return { ok: false, reason: `host ${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    if (!addresses.length) return { ok: false, reason: `host ${host} does not resolve` };
  }
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const why = refusedAddress(address);
      if (why) return { ok: false, reason: `${host === address ? address : `${host} resolves to ${address}`}, a ${why} address (set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow)` };
    }
  }
  const [first] = addresses;
  return { ok: true, target: { url, address: first.address, family: first.family === 6 ? 6 : 4 } };
}
