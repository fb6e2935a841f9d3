// YAML carriers: Kubernetes manifests, Prometheus-Operator resources,
// docker-compose files and Helm chart templates.

export { readYamlCarriers, readHelmTemplateCarriers } from './read.js';
export { removeSequenceItem, removeMappingEntry, removeDocument, removeKubeObject } from './remove.js';
export { splitShellWords } from './shellwords.js';
export type { ConfigMapEntry, KubeObject, KubePort, ThanosSpec, ComposeService, YamlProblem, YamlReadResult } from './types.js';
export { mountConfigMap, appendDocument, containerFacts } from './insert.js';
export type { ConfigMapMount } from './insert.js';
export { mountComposeFile } from './compose-mount.js';
export { renderConfigMap, renderService } from './render.js';
