// Findings -> edits per file and SD files to write. Word removals are batched
// per carrier so each editor sees everything leaving its argv at once.

import type { ArgvCarrier, Edit, Finding, SdFileSpec, SourceFile, Word } from '../model.js';
import { appendDocument, mountComposeFile, mountConfigMap, removeDocument, removeMappingEntry, removeSequenceItem, renderConfigMap, renderService } from '../carriers/yaml/index.js';
import { renderSdFile } from '../sd/render.js';

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
  const documents = new Map<SourceFile, Map<string, string>>();
  const addDocument = (file: SourceFile, key: string, text: string) => {
    const forFile = documents.get(file) ?? new Map<string, string>();
    if (!forFile.has(key)) forFile.set(key, text);
    documents.set(file, forFile);
  };
  const mounted = new Map<ArgvCarrier, Set<string>>();
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
        case 'kube-add-service': {
          const { service } = fix;
          addDocument(
            service.file,
            `Service/${service.namespace ?? ''}/${service.name}`,
            renderService({
              name: service.name,
              ...(service.namespace !== undefined ? { namespace: service.namespace } : {}),
              selector: service.selector,
              headless: true,
              ports: [{ name: service.portName, port: service.port, targetPort: service.port }],
            }),
          );
          break;
        }
        case 'compose-mount': {
          const mount = mountComposeFile(fix.carrier, fix.hostPath, fix.containerPath);
          if ('problem' in mount) failures.push({ file: fix.carrier.file, message: `cannot mount the SD file into ${fix.carrier.context.label}: ${mount.problem}` });
          else edits.push(...mount);
          break;
        }
        case 'kube-sd-configmap': {
          const data = { [fix.sd.path]: renderSdFile(fix.sd) };
          addDocument(fix.carrier.file, `ConfigMap/${fix.namespace ?? ''}/${fix.configMapName}`, renderConfigMap({ name: fix.configMapName, ...(fix.namespace !== undefined ? { namespace: fix.namespace } : {}), data }));
          // One volume per container, however many findings ask for it.
          const volumes = mounted.get(fix.carrier) ?? new Set<string>();
          if (volumes.has(fix.volumeName)) break;
          volumes.add(fix.volumeName);
          mounted.set(fix.carrier, volumes);
          const mount = mountConfigMap(fix.carrier, { volumeName: fix.volumeName, configMapName: fix.configMapName, mountPath: fix.mountPath });
          if ('problem' in mount) failures.push({ file: fix.carrier.file, message: `cannot mount the SD ConfigMap into ${fix.carrier.context.label}: ${mount.problem}` });
          else edits.push(...mount);
          break;
        }
        case 'write-sd-file': {
          // Consumers of one mesh may share a file; lists that differ must never be merged into one (that mixes meshes).
          const existing = sdFiles.get(fix.file.path);
          const addresses = (spec: SdFileSpec) => spec.endpoints.map((endpoint) => endpoint.address).join('\0');
          if (!existing) sdFiles.set(fix.file.path, { ...fix.file, endpoints: [...fix.file.endpoints] });
          else if (addresses(existing) !== addresses(fix.file) || existing.schema !== fix.file.schema) {
            failures.push({ file: finding.file, message: `two consumers with different endpoint lists would write one SD file ${fix.file.path}; pass --sd-path per run or split the input` });
          }
          break;
        }
      }
    }
  }
  for (const [carrier, words] of removals) edits.push(...carrier.editor.removeWords([...words]));
  for (const [file, texts] of documents) edits.push(...appendDocument(file, [...texts.values()].join('---\n')));
  const editsByFile = new Map<SourceFile, Edit[]>();
  for (const edit of edits) editsByFile.set(edit.file, [...(editsByFile.get(edit.file) ?? []), edit]);
  return { editsByFile, sdFiles: [...sdFiles.values()].sort((a, b) => (a.path < b.path ? -1 : 1)), failures };
}
