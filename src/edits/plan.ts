// Findings -> edits per file and SD files to write. Word removals are batched
// per carrier so each editor sees everything leaving its argv at once.

import type { ArgvCarrier, Edit, Finding, NewDocument, SdFileSpec, SourceFile, Word } from '../model.js';
import { appendDocuments } from '../carriers/index.js';
import { append } from '../lists.js';

export interface EditPlan {
  editsByFile: Map<SourceFile, Edit[]>;
  sdFiles: SdFileSpec[];
  /** Fixes that could not be spelled; their files must stay untouched. */
  failures: { file: SourceFile; message: string }[];
}

export function planEdits(findings: Finding[]): EditPlan {
  const removals = new Map<ArgvCarrier, Set<Word>>();
  const edits: Edit[] = [];
  const sdFiles = new Map<string, SdFileSpec>();
  const failures: EditPlan['failures'] = [];
  // New Kubernetes documents are appended per file in one edit, so they never tie at the end of the file.
  const documents = new Map<SourceFile, Map<string, NewDocument>>();
  for (const finding of findings) {
    for (const fix of finding.fix ?? []) {
      switch (fix.kind) {
        case 'remove-words': {
          const set = removals.get(fix.carrier) ?? new Set<Word>();
          for (const word of fix.words) set.add(word);
          removals.set(fix.carrier, set);
          break;
        }
        case 'edits':
          append(edits, fix.edits);
          break;
        case 'wire-discovery': {
          const { wiring } = fix;
          append(edits, wiring.edits);
          for (const document of wiring.documents) {
            const forFile = documents.get(document.file) ?? new Map<string, NewDocument>();
            if (!forFile.has(document.key)) forFile.set(document.key, document);
            documents.set(document.file, forFile);
          }
          for (const sd of wiring.sdFiles) {
            // Consumers of one mesh may share a file; lists that differ must never be merged into one (that mixes meshes).
            const existing = sdFiles.get(sd.path);
            const addresses = (spec: SdFileSpec) => spec.endpoints.map((endpoint) => endpoint.address).join('\0');
            if (!existing) sdFiles.set(sd.path, { ...sd, endpoints: [...sd.endpoints] });
            else if (addresses(existing) !== addresses(sd) || existing.schema !== sd.schema) {
              failures.push({ file: finding.file, message: `two consumers with different endpoint lists would write one SD file ${sd.path}; pass --sd-path per run or split the input` });
            }
          }
          break;
        }
      }
    }
  }
  for (const [carrier, words] of removals) append(edits, carrier.editor.removeWords([...words]));
  for (const [file, forFile] of documents) append(edits, appendDocuments(file, [...forFile.values()]));
  const editsByFile = new Map<SourceFile, Edit[]>();
  for (const edit of edits) editsByFile.set(edit.file, [...(editsByFile.get(edit.file) ?? []), edit]);
  return { editsByFile, sdFiles: [...sdFiles.values()].sort((a, b) => (a.path < b.path ? -1 : 1)), failures };
}
