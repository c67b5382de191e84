// Where a request comes from, as the relay's own rules see it: loopback-only endpoints, and the
// visitor's address behind a proxy the operator trusts (X-Forwarded-For is believed from no one else).
import { BlockList, isIP } from 'node:net';

/** Whether a socket's remote address is this machine: 127.0.0.0/8, ::1, or either mapped into IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Proxies whose X-Forwarded-For the relay believes, from `trustProxy` (addresses and CIDR ranges). */
export class TrustedProxies {
  private readonly list = new BlockList();
  private readonly empty: boolean;

  /** Throws a plain Error naming the entry when one is not an address or range. */
  constructor(entries: readonly string[]) {
    this.empty = entries.length === 0;
    for (const entry of entries) {
      const [address = '', bits] = entry.split('/');
      const family = isIP(address);
      if (!family) throw new Error(`"${entry}" is not an IP address or CIDR range`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) this.list.addAddress(address, type);
      else {
        const prefix = Number(bits);
        if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new Error(`"${entry}" has a bad prefix length`);
        this.list.addSubnet(address, prefix, type);
      }
    }
  }

  /** Whether this address is one of the trusted proxies. */
  has(address: string): boolean {
    if (this.empty) return false;
    const a = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const family = isIP(a);
    return family !== 0 && this.list.check(a, family === 4 ? 'ipv4' : 'ipv6');
  }

  /**
   * The visitor's address: the socket's, unless it is a trusted proxy; then the rightmost
   * X-Forwarded-For hop that is not a trusted proxy (hops further left are the client's own claims).
   */
  clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined): string {
    let address = socketAddress ?? 'unknown';
    if (!this.has(address) || forwardedFor === undefined) return address;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((h) => h.trim()).filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      address = hops[i]!;
      if (!this.has(address)) return address;
    }
    return address;
  }
}
