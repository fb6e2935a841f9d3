// How a carrier's own read result lands in the run's: its problems (with
// the file), its Kubernetes objects and compose services, its embedded
// leftovers. Shared by the modules so each states only what it reads.

import type { ArgvCarrier, SourceFile } from '../model.js';
import type { CarrierReadResult } from './index.js';
import type { YamlReadResult } from './yaml/types.js';
import type { EmbeddedReadResult } from './embedded/common.js';
import { append } from '../lists.js';

export function collectYaml(sink: CarrierReadResult, file: SourceFile, read: YamlReadResult): ArgvCarrier[] {
  for (const problem of read.problems) sink.problems.push({ file, span: problem.span, message: problem.message, isManual: problem.isManual === true });
  for (const object of read.objects) sink.kubeObjects.push({ file, object });
  for (const service of read.composeServices) sink.composeServices.push({ file, service });
  return read.carriers;
}

export function collectEmbedded(sink: CarrierReadResult, file: SourceFile, read: EmbeddedReadResult): ArgvCarrier[] {
  for (const problem of read.problems) sink.problems.push({ file, span: problem.span, message: problem.message, isManual: problem.isManual, ...(problem.isBlock ? { isBlock: true } : {}) });
  append(sink.embeddedThanosPeers, read.thanosPeers);
  for (const block of read.documentation) sink.documentation.push({ file, ...block });
  return read.carriers;
}
