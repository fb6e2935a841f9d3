// The discovery wirings a plan's findings carry, for the stages that need to
// know what a consumer's wiring writes (write order, the wizard's review)
// without knowing how any carrier spells it.

import type { Finding, Wiring } from '../model.js';

export function wiringsOf(findings: readonly Finding[]): Wiring[] {
  return findings.flatMap((finding) => (finding.fix ?? []).flatMap((fix) => (fix.kind === 'wire-discovery' ? [fix.wiring] : [])));
}

/** Files a wiring writes besides the consumer's own: its SD files, the files that gain a document (a headless Service). */
export function filesWrittenBy(wiring: Wiring): string[] {
  const own = wiring.consumer.carrier.file.path;
  return [...new Set([...wiring.sdFiles.map((sd) => sd.path), ...wiring.documents.map((document) => document.file.path)])].filter((path) => path !== own);
}
