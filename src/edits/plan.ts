// Findings -> edits per file and SD files to write. Word removals are batched
// per carrier so each editor sees everything leaving its argv at once.

import type { ArgvCarrier, Edit, Finding, SdFileSpec, SourceFile, Word } from '../model.js';
import { removeDocument, removeMappingEntry, removeSequenceItem } from '../carriers/yaml/index.js';

export interface EditPlan {
  editsByFile: Map<SourceFile, Edit[]>;
  sdFiles: SdFileSpec[];
}

export function planEdits(findings: Finding[]): EditPlan {
  const removals = new Map<ArgvCarrier, Set<Word>>();
  const edits: Edit[] = [];
  const sdFiles = new Map<string, SdFileSpec>();
  for (const finding of findings) {
    for (const fix of finding.fix ?? []) {
      switch (fix.kind) {
        case 'remove-words': {
          const set = removals.get(fix.carrier) ?? new Set<Word>();
          for (const word of fix.words) set.add(word);
          removals.set(fix.carrier, set);
          break;
        }
        case 'insert-args':
          edits.push(...fix.carrier.editor.insertAfter(fix.anchor, fix.args));
          break;
        case 'edits':
          edits.push(...fix.edits);
          break;
        case 'yaml-remove-entry':
          edits.push(...removeMappingEntry(fix.file, fix.span));
          break;
        case 'yaml-remove-item':
          edits.push(...removeSequenceItem(fix.file, fix.span));
          break;
        case 'yaml-remove-object':
          edits.push(...(fix.inList ? removeSequenceItem(fix.file, fix.documentSpan) : removeDocument(fix.file, fix.documentSpan)));
          break;
        case 'write-sd-file': {
          const existing = sdFiles.get(fix.file.path);
          if (existing) {
            const known = new Set(existing.endpoints.map((endpoint) => endpoint.address));
            existing.endpoints.push(...fix.file.endpoints.filter((endpoint) => !known.has(endpoint.address)));
            existing.endpoints.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
          } else sdFiles.set(fix.file.path, { ...fix.file, endpoints: [...fix.file.endpoints] });
          break;
        }
      }
    }
  }
  for (const [carrier, words] of removals) edits.push(...carrier.editor.removeWords([...words]));
  const editsByFile = new Map<SourceFile, Edit[]>();
  for (const edit of edits) editsByFile.set(edit.file, [...(editsByFile.get(edit.file) ?? []), edit]);
  return { editsByFile, sdFiles: [...sdFiles.values()].sort((a, b) => (a.path < b.path ? -1 : 1)) };
}
