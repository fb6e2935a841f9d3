// jsonnet libraries (kube-prometheus style): argv arrays whose elements are
// whole flags, and Prometheus-Operator `thanos.peers` fields, read by a
// tokenizer that evaluates nothing. A Querier gets static flags, as in a
// Helm chart.

import type { CarrierModule } from '../module.js';
import { readJsonnetCarriers } from './read.js';
import { collectEmbedded } from '../sink.js';
import { staticFlagsWiring } from '../wiring.js';

export const jsonnetModule: CarrierModule = {
  kinds: ['jsonnet'],
  outsideArgv: 'outside an array element that is a whole flag (a concatenation, a function call)',
  read(file, sink) {
    const read = readJsonnetCarriers(file);
    sink.jsonnetLeftovers.push(read.leftovers);
    const thanosPeers = read.thanosPeers.map(({ span, valueText }) => ({ file, span, valueText, where: 'jsonnet', removal: [{ file, span, text: '' }] }));
    return collectEmbedded(sink, file, { ...read, thanosPeers, documentation: [] });
  },
  wire: (request) => staticFlagsWiring(request, 'a jsonnet library'),
};
