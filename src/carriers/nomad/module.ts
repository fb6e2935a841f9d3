// Nomad job files: the argv of each task is its `config` block's `args`
// list (after `command`, or the image's entrypoint), read by a small HCL
// tokenizer with exact spans; a Querier or Ruler gets its SD file as a
// template stanza of its own task. This folder declares its file kind,
// argv place and context itself (below), so adding it edited no union.

import type { CarrierModule } from '../module.js';
import { collectEmbedded } from '../sink.js';
import { readNomadJob, type NomadTaskContext, type NomadTaskPlace } from './read.js';
import { wireNomadTask } from './wiring.js';
import type { ArgvCarrier } from '../../model.js';

declare module '../../model.js' {
  interface SourceKinds {
    nomad: true;
  }
  interface CarrierKinds {
    'hcl-list': true;
  }
  interface CarrierContexts {
    'nomad-task': NomadTaskContext;
  }
}

/** The task each carrier was read from, for wiring its discovery (carriers are read once per run). */
const places = new WeakMap<ArgvCarrier, NomadTaskPlace>();

export const nomadModule: CarrierModule = {
  kinds: ['nomad'],
  outsideArgv: 'outside a string element of a task config args list (an expression, a template or env stanza, another attribute)',
  read(file, sink) {
    const read = readNomadJob(file);
    for (const [carrier, place] of read.places) places.set(carrier, place);
    return collectEmbedded(sink, file, { carriers: read.carriers, problems: read.problems, thanosPeers: [], documentation: [] });
  },
  wire: (request) => wireNomadTask(request, places.get(request.consumer.carrier)),
};
