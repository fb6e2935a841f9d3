// File-by-file review: each changed file with the SD files it alone serves,
// accepted or skipped as one unit, so an SD file is only written when the
// file that reads it is.

import { type FileChange, type MigrationPlan, type Palette, renderDiff, type SecretMask, wiringsOf } from '../index.js';

export interface ReviewUnit {
  /** The changed input file (or, rarely, an SD file with no changed reader). */
  path: string;
  changes: FileChange[];
}

export type Decision = 'accept' | 'skip';

/** Groups the plan's changes: each SD file joins the input file whose flag reads it. */
export function reviewUnits(plan: MigrationPlan): ReviewUnit[] {
  const readerOf = new Map<string, string>();
  for (const wiring of wiringsOf(plan.findings)) for (const sd of wiring.sdFiles) readerOf.set(sd.path, wiring.consumer.carrier.file.path);
  const units = new Map<string, ReviewUnit>();
  for (const change of plan.changes.filter((c) => c.source)) units.set(change.path, { path: change.path, changes: [change] });
  for (const change of plan.changes.filter((c) => !c.source)) {
    const reader = readerOf.get(change.path);
    const unit = reader !== undefined ? units.get(reader) : undefined;
    if (unit) unit.changes.push(change);
    else units.set(change.path, { path: change.path, changes: [change] });
  }
  return [...units.values()];
}

export function renderUnit(unit: ReviewUnit, palette: Palette, mask: SecretMask): string {
  return unit.changes.map((change) => renderDiff(change, palette, mask)).join('');
}

/**
 * Files that an accepted file depends on but that were skipped: a Querier
 * listing `dns+x-grpc…` needs the Service another file would gain.
 */
export function missingDependencies(plan: MigrationPlan, decisions: Map<string, Decision>): { accepted: string; skipped: string }[] {
  const pairs: { accepted: string; skipped: string }[] = [];
  for (const wiring of wiringsOf(plan.findings)) {
    const reader = wiring.consumer.carrier.file.path;
    for (const provider of new Set(wiring.documents.map((document) => document.file.path))) {
      if (provider !== reader && decisions.get(reader) === 'accept' && decisions.get(provider) === 'skip') pairs.push({ accepted: reader, skipped: provider });
    }
  }
  return pairs;
}
