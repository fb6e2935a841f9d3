// Helm chart templates: argvs found line by line (template actions kept
// verbatim, guards collapsed when they guard nothing), the objects of a parse
// with the actions masked, and the chart's named templates. A Querier in a
// template gets static flags: a ConfigMap and a volume would be guesses
// about the rest of the chart.

import type { CarrierModule } from '../module.js';
import { readHelmTemplateCarriers } from '../yaml/index.js';
import { readTemplateDefines } from './defines.js';
import { collectYaml } from '../sink.js';
import { staticFlagsWiring } from '../wiring.js';
import { append } from '../../lists.js';

export const helmModule: CarrierModule = {
  kinds: ['helm'],
  outsideArgv: 'inside a template expression or helper',
  read(file, sink) {
    append(sink.templateDefines, readTemplateDefines(file));
    if (/\.tpl$/i.test(file.path)) return [];
    return collectYaml(sink, file, readHelmTemplateCarriers(file));
  },
  wire: (request) => staticFlagsWiring(request, 'a Helm template'),
};
