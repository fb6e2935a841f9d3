// Where a Kubernetes container carrier came from: the container and pod spec
// nodes of the positioned tree, for structural edits (volumes, mounts) and
// for the facts wiring needs. Filled by kube.ts as it builds carriers.

import type { ArgvCarrier } from '../../model.js';
import type { YMap } from '../../text/yaml-tree.js';
import type { KubeObject } from './types.js';

export interface ContainerSite {
  /** The file text the nodes were parsed from (offsets are only valid for it). */
  text: string;
  obj: KubeObject;
  /** Document root (or List item) the object was read from. */
  root: YMap;
  /** Path from `root` to the pod spec (`spec` for a Prometheus resource). */
  podPath: string[];
  podSpec: YMap;
  container: YMap;
  init: boolean;
}

const sites = new WeakMap<ArgvCarrier, ContainerSite>();

export function recordContainerSite(carrier: ArgvCarrier, site: ContainerSite): void {
  sites.set(carrier, site);
}

export function containerSiteOf(carrier: ArgvCarrier): ContainerSite | undefined {
  return sites.get(carrier);
}

/** Where a docker-compose carrier came from: its service mapping, for structural edits (volumes). */
export interface ComposeSite {
  /** The file text the nodes were parsed from. */
  text: string;
  /** The service name (its key under `services:`). */
  name: string;
  service: YMap;
}

const composeSites = new WeakMap<ArgvCarrier, ComposeSite>();

export function recordComposeSite(carrier: ArgvCarrier, site: ComposeSite): void {
  composeSites.set(carrier, site);
}

export function composeSiteOf(carrier: ArgvCarrier): ComposeSite | undefined {
  return composeSites.get(carrier);
}
