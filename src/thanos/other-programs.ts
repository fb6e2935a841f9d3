// Programs that are positively not Thanos, by the name they are started as
// (a binary's last path segment, or a container image's repository name).
// A gossip-looking flag on their command line is theirs, and the report says
// whose: Alertmanager's HA mesh has its own --cluster.listen-address,
// --cluster.peer, --cluster.advertise-address (alertmanager v0.15+
// cmd/alertmanager/main.go). A name not in this table identifies nothing:
// the flag is reported, never assumed foreign.

import type { Component } from '../model.js';

const OTHER_PROGRAMS: Record<string, string> = {
  alertmanager: 'Alertmanager',
  amtool: 'amtool (Alertmanager)',
  prometheus: 'Prometheus',
  promtool: 'promtool (Prometheus)',
  consul: 'Consul',
  nomad: 'Nomad',
  serf: 'Serf',
  vault: 'Vault',
  etcd: 'etcd',
  cortex: 'Cortex',
  loki: 'Loki',
  mimir: 'Mimir',
  tempo: 'Tempo',
  'nats-server': 'NATS',
  cockroach: 'CockroachDB',
  // Searches only read: a flag they look for is data. Text writers (echo,
  // printf, sed, tee) are not here: what they write may be a Thanos env file.
  grep: 'grep (a search)',
  egrep: 'grep (a search)',
  rg: 'ripgrep (a search)',
};

/** The display name of the program `word` starts (`/usr/bin/alertmanager`, `prom/alertmanager:v0.15.3`), if it is a known other program. */
export function otherProgramName(word: string): string | undefined {
  const withoutDigest = word.split('@')[0] ?? word;
  const last = (withoutDigest.replace(/^[-@+!]+/, '').split('/').pop() ?? '').split(':')[0] ?? '';
  return Object.prototype.hasOwnProperty.call(OTHER_PROGRAMS, last) ? OTHER_PROGRAMS[last] : undefined;
}

/** Subcommand spellings of Thanos-derived binaries that mean a Thanos component (Go-SIP's prototype `receiver`). */
export const COMPONENT_ALIASES: Record<string, Component> = { receiver: 'receive' };
