// Paths (and stdin / --cmd text) to SourceFiles, with every failure kept as
// a problem so the rest of the run goes on.

import type { SourceFile, SourceKind } from './model.js';
import type { InputProblem } from './engine.js';
import { discoverFiles } from './sources/discover.js';
import { readSource } from './sources/read.js';
import { detectKind } from './sources/detect.js';

export interface LoadedSources {
  files: SourceFile[];
  problems: InputProblem[];
}

export async function loadSources(paths: string[]): Promise<LoadedSources> {
  const files: SourceFile[] = [];
  const problems: InputProblem[] = [];
  for (const found of await discoverFiles(paths)) {
    if (found.skipReason) {
      problems.push({ path: found.path, message: found.skipReason, isSkip: found.skipReason.startsWith('symbolic link') });
      continue;
    }
    const outcome = await readSource(found.path);
    if (outcome.ok) files.push(outcome.file);
    else problems.push({ path: outcome.path, message: outcome.reason, isSkip: outcome.isSkip });
  }
  return { files, problems };
}

/** Text given on the command line or stdin: a command line unless its content says otherwise. */
export function textSource(path: '<stdin>' | '<cmd>', text: string): SourceFile {
  const detected = detectKind(path, text);
  const kind: SourceKind = detected === 'unknown' ? 'plain' : detected;
  return { path, text, kind };
}
