// The caller's address as hooks see it (getIpAddress(), isInNetwork()). Behind a reverse proxy the
// socket peer is the proxy; X-Forwarded-For is believed only when the peer is in TRUST_PROXY, and
// then read from the right, skipping trusted proxies, so a client cannot forge its own address by
// sending the header itself.
import net from 'node:net';

const strip = (a: string): string => {
  const s = a.trim().replace(/^\[|\]$/g, '');
  return s.startsWith('::ffff:') && net.isIPv4(s.slice(7)) ? s.slice(7) : s;
};

/** parses "10.0.0.0/8, ::1, 192.168.1.1" into a BlockList; throws with the bad entry named */
export function parseNetworks(list: string): net.BlockList {
  const bl = new net.BlockList();
  for (const raw of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [addr = '', bits] = raw.split('/');
    const type = net.isIPv4(addr) ? 'ipv4' : net.isIPv6(addr) ? 'ipv6' : null;
    if (!type) throw new Error(`not an IP address or CIDR: ${JSON.stringify(raw)}`);
    if (bits === undefined) bl.addAddress(addr, type);
    else {
      const n = Number(bits);
      if (!Number.isInteger(n) || n < 0 || n > (type === 'ipv4' ? 32 : 128)) throw new Error(`bad prefix length in ${JSON.stringify(raw)}`);
      bl.addSubnet(addr, n, type);
    }
  }
  return bl;
}

export function clientIpResolver(trusted: string | undefined): (peer: string, forwardedFor: string | undefined) => string {
  if (!trusted) return (peer) => strip(peer);
  const proxies = parseNetworks(trusted);
  const isTrusted = (a: string) => {
    const type = net.isIPv4(a) ? 'ipv4' : net.isIPv6(a) ? 'ipv6' : null;
    return type !== null && proxies.check(a, type);
  };
  return (peer, forwardedFor) => {
    let addr = strip(peer);
    if (!forwardedFor || !isTrusted(addr)) return addr;
    const hops = forwardedFor.split(',').map(strip).filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      if (!net.isIP(hop)) return addr; // garbage in the chain: stop at the last address we trust
      addr = hop;
      if (!isTrusted(hop)) return hop;
    }
    return addr;
  };
}
