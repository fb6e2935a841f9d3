// host:port as Go's net.SplitHostPort reads it, and the host classes the
// inference cares about (every interface, this machine only).

export interface HostPort {
  host: string;
  port: string;
}

/** `host:port`, `[v6]:port`, `:port` or `host`. */
export function splitHostPort(address: string): HostPort {
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(address);
  if (v6) return { host: v6[1] ?? '', port: v6[2] ?? '' };
  const colon = address.lastIndexOf(':');
  if (colon === -1) return { host: address, port: '' };
  return { host: address.slice(0, colon), port: address.slice(colon + 1) };
}

export function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function isWildcardHost(host: string): boolean {
  return host === '' || host === '0.0.0.0' || host === '::' || host === '*';
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || /^127\./.test(host) || host === '::1';
}
