// The flags Thanos v0.5.0 removed with gossip (../shared/thanos, checked at
// v0.4.0:cmd/thanos/flags.go and v0.5.0:cmd/thanos/*.go). Any of them makes
// Thanos >= v0.5.0 refuse to start.

export interface GossipFlag {
  name: string;
  isBoolean: boolean;
  /** Holds a secret: never print its value. */
  isSecret: boolean;
  /** What the flag did, for reports and --explain. */
  meaning: string;
}

export const GOSSIP_FLAGS: readonly GossipFlag[] = [
  { name: 'cluster.address', isBoolean: false, isSecret: false, meaning: 'gossip listen address (default 0.0.0.0:10900)' },
  { name: 'cluster.advertise-address', isBoolean: false, isSecret: false, meaning: 'address advertised for gossip membership' },
  { name: 'cluster.peers', isBoolean: false, isSecret: false, meaning: 'initial gossip peers (seeds, not StoreAPIs)' },
  { name: 'cluster.gossip-interval', isBoolean: false, isSecret: false, meaning: 'gossip message interval' },
  { name: 'cluster.pushpull-interval', isBoolean: false, isSecret: false, meaning: 'gossip push/pull interval' },
  { name: 'cluster.refresh-interval', isBoolean: false, isSecret: false, meaning: 'interval to re-resolve gossip peers' },
  { name: 'cluster.secret-key', isBoolean: false, isSecret: true, meaning: 'AES key encrypting gossip traffic' },
  { name: 'cluster.network-type', isBoolean: false, isSecret: false, meaning: 'gossip timing profile (local, lan, wan)' },
  { name: 'cluster.disable', isBoolean: true, isSecret: false, meaning: 'turns gossip off' },
  { name: 'grpc-advertise-address', isBoolean: false, isSecret: false, meaning: 'StoreAPI address advertised through gossip' },
  { name: 'http-advertise-address', isBoolean: false, isSecret: false, meaning: 'Query HTTP address advertised through gossip (Rule found Queriers by it)' },
];

const BY_NAME = new Map(GOSSIP_FLAGS.map((flag) => [flag.name, flag]));

export function gossipFlag(name: string): GossipFlag | undefined {
  return BY_NAME.get(name);
}

export function isGossipFlag(name: string): boolean {
  return BY_NAME.has(name);
}
