// Plain data produced by the YAML carriers besides the argv carriers.

import type { ArgvCarrier, Span } from '../../model.js';
import type { KubeObject, ComposeService } from '../../facts.js';
export type { KubePort, ThanosSpec, KubeObject, ConfigMapEntry, ComposeService, ContainerRun, KustomizePatchEntry } from '../../facts.js';






export interface YamlProblem {
  span: Span;
  message: string;
  /** A place the carrier declines to edit (a human's job), not unreadable input. */
  isManual?: boolean;
}

export interface YamlReadResult {
  carriers: ArgvCarrier[];
  objects: KubeObject[];
  composeServices: ComposeService[];
  problems: YamlProblem[];
}
