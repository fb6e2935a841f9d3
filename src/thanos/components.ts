// What each Thanos component is to a migration: who serves the StoreAPI a
// Querier must find, who needs Queriers, and the address defaults
// (v0.4.0:cmd/thanos/flags.go regCommonServerFlags; unchanged since).

import type { Component } from '../model.js';

export interface ComponentKnowledge {
  /** Querier discovered it through gossip as a StoreAPI (peer types source/store). */
  servesStoreApi: boolean;
  /** Needs StoreAPI endpoints once gossip is gone. */
  needsStores: boolean;
  /** Needs Query HTTP endpoints once gossip is gone (Rule). */
  needsQueries: boolean;
  /** Registered the gossip flags before v0.5.0. */
  hadGossip: boolean;
}

export const COMPONENTS: Record<Component, ComponentKnowledge> = {
  sidecar: { servesStoreApi: true, needsStores: false, needsQueries: false, hadGossip: true },
  store: { servesStoreApi: true, needsStores: false, needsQueries: false, hadGossip: true },
  rule: { servesStoreApi: true, needsStores: false, needsQueries: true, hadGossip: true },
  receive: { servesStoreApi: true, needsStores: false, needsQueries: false, hadGossip: false },
  query: { servesStoreApi: false, needsStores: true, needsQueries: false, hadGossip: true },
  compact: { servesStoreApi: false, needsStores: false, needsQueries: false, hadGossip: false },
  bucket: { servesStoreApi: false, needsStores: false, needsQueries: false, hadGossip: false },
  downsample: { servesStoreApi: false, needsStores: false, needsQueries: false, hadGossip: false },
  tools: { servesStoreApi: false, needsStores: false, needsQueries: false, hadGossip: false },
  'query-frontend': { servesStoreApi: false, needsStores: false, needsQueries: false, hadGossip: false },
};

export const DEFAULT_GRPC_ADDRESS = '0.0.0.0:10901';
export const DEFAULT_HTTP_ADDRESS = '0.0.0.0:10902';
export const DEFAULT_GRPC_PORT = 10901;
export const DEFAULT_HTTP_PORT = 10902;

/**
 * The two relations a migration makes explicit (gossip made them implicit):
 * Query learns StoreAPIs, Rule learns Query HTTP APIs. Keyed by what the
 * consumer needs; every message, option and report line names them from here.
 */
export const CONSUMER_ROLES = {
  store: { consumer: 'thanos query', option: '--store-endpoint', server: 'StoreAPI' },
  query: { consumer: 'thanos rule', option: '--query-endpoint', server: 'Query HTTP API' },
} as const;
