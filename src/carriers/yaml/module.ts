// YAML files: Kubernetes manifests (every workload kind, Lists, JSON),
// Prometheus-Operator resources, docker-compose files and Helm values.

import type { CarrierModule } from '../module.js';
import { readYamlCarriers } from './read.js';
import { readValuesKeys } from '../helm/values.js';
import { collectYaml } from '../sink.js';
import { wireYaml } from './wiring.js';
import { append } from '../../lists.js';
import { completeKustomizePatches } from './kustomize-patches.js';

export const yamlModule: CarrierModule = {
  kinds: ['yaml', 'compose', 'values'],
  // Values files hold strings a template may use anywhere; other YAML holds argvs in containers and services.
  outsideArgv: 'outside any argv the tool can edit (a string, a ConfigMap, a comment, a values string)',
  read(file, sink) {
    if (file.kind === 'values') append(sink.valuesKeys, readValuesKeys(file));
    return collectYaml(sink, file, readYamlCarriers(file));
  },
  wire: wireYaml,
  // A patch container runs the image of the container it patches: known once every file is read.
  finish: completeKustomizePatches,
};
