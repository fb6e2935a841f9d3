// kustomize patches written inline in their kustomization, as kustomize's
// own documentation writes them:
//
//   patches:
//   - target: {kind: Deployment, name: thanos-query}
//     patch: |-
//       - op: replace
//         path: /spec/template/spec/containers/0/args
//         value: [query, --cluster.peers=thanos-peers.prod.svc:10900]
//
// The literal block is YAML in a string: it is read alone as a view of the
// kustomization (block-view.ts), as a patch file would be read, and what it
// holds comes back onto the kustomization, its edits inside the block. Each
// argv it sets is then the container of the build it patches, as a patch
// file's is (kustomize-patches.ts completes both). The self-check compares
// the block as YAML, not as a string (edits/yaml-check.ts).

import type { ArgvCarrier, SourceFile, Span } from '../../model.js';
import type { KubeObject, KubePort, KustomizePatchEntry, YamlProblem } from './types.js';
import type { YMap } from '../../text/yaml-tree.js';
import { SCALAR_STYLE } from 'js-yaml';
import { asSeq, get } from './ynode.js';
import { gossipTokens } from '../../thanos/vocabulary.js';
import { blockView, carrierOnHost, onHostSpan, rehome, type BlockView } from '../block-view.js';
import { jsonPatchSiteOf, recordJsonPatchSite } from './json-patch.js';
import { patchTarget } from './kustomization.js';
import { append } from '../../lists.js';

/** Where an inline patch's argv was read: the kustomization document holding it, and its entry. */
export interface InlinePatchSite {
  documentSpan: Span;
  entry: KustomizePatchEntry;
}

const sites = new WeakMap<ArgvCarrier, InlinePatchSite>();

export function inlinePatchSiteOf(carrier: ArgvCarrier): InlinePatchSite | undefined {
  return sites.get(carrier);
}

const PATCH_KEYS = ['patches', 'patchesJson6902'] as const;

/**
 * The argvs of a kustomization's inline patches, and a manual problem for
 * each gossip token of one the tool cannot read: not a literal block (`|`),
 * not YAML, or outside any argv it sets; also the objects they patch, and
 * whether one renames (a patch of `/metadata/name`). `readView`: the YAML carriers'
 * reader, passed in (read.ts is what calls this).
 */
export function readInlinePatches(
  file: SourceFile,
  root: YMap,
  documentSpan: Span,
  readView: (view: SourceFile) => { carriers: ArgvCarrier[]; objects: KubeObject[]; problems: YamlProblem[] },
): { carriers: ArgvCarrier[]; problems: YamlProblem[]; targets: { kind: string; name: string }[]; objects: KubeObject[]; renames: boolean } {
  let renames = false;
  const carriers: ArgvCarrier[] = [];
  const problems: YamlProblem[] = [];
  const targets: { kind: string; name: string }[] = [];
  const objects: KubeObject[] = [];
  for (const key of PATCH_KEYS) {
    (asSeq(get(root, key))?.items ?? []).forEach((item, index) => {
      const patch = get(item, 'patch');
      if (patch?.kind !== 'scalar' || patch.isNull) return;
      // One that sets a name: what it renames is not read, so every object of the build may be.
      if (/\/metadata\/name\b/.test(patch.value)) renames = true;
      const where = `${key}[${index}].patch`;
      const tokens = gossipTokens(file.text.slice(patch.start, patch.end)).map((token) => ({ start: patch.start + token.span.start, end: patch.start + token.span.end }));
      const manual = (spans: Span[], why: string) => {
        for (const span of spans) problems.push({ span, message: `manual: ${file.text.slice(span.start, span.end)} in an inline kustomize patch (${where}) ${why}`, isManual: true });
      };
      const entry: KustomizePatchEntry = { path: '', ...patchTarget(item) };
      if (patch.style !== SCALAR_STYLE.LITERAL_BLOCK) {
        manual(tokens, 'that is not a literal block (|): the tool edits a patch only where its text is the YAML kustomize reads; edit it by hand, or move it to a file');
        return;
      }
      const view = blockView(file, { start: patch.valueStart, end: patch.valueEnd });
      // Read where it lies, the block keeps its indent: a `---` line inside is no document marker there.
      if (/^[ \t]+---[ \t]*$/m.test(view.file.text)) {
        manual(tokens, 'that holds several documents (---): the tool reads one per inline patch; edit it by hand, or move it to a file');
        return;
      }
      const read = readView(view.file);
      if (read.problems.some((problem) => !problem.isManual)) {
        manual(tokens, 'that does not parse as YAML: edit it by hand');
        return;
      }
      for (const object of read.objects) targets.push(entry.target?.kind !== undefined && entry.target.name !== undefined ? { kind: entry.target.kind, name: entry.target.name } : { kind: object.kind, name: object.name });
      // A merge patch's container ports (a gossip port it adds or keeps) are leftovers like a patch file's: its workload, on the host.
      const named = entry.target?.kind !== undefined && entry.target.name !== undefined && !entry.target.selects ? { kind: entry.target.kind, name: entry.target.name } : undefined;
      for (const object of read.objects) if (object.containers.length > 0 && object.ports.length > 0) objects.push(portsOnHost(file, view, object, documentSpan, named));
      if (entry.target?.kind !== undefined && entry.target.name !== undefined && read.objects.length === 0) targets.push({ kind: entry.target.kind, name: entry.target.name });
      const label = `inline kustomize patch (${where})`;
      const placed: ArgvCarrier[] = [];
      for (const carrier of read.carriers) {
        // The view's containers and ops are numbered from its own first document: one block's must not share another's machine.
        const context = { ...carrier.context, hostGroup: `${carrier.context.hostGroup ?? ''}@${file.path}#${where}` };
        const onHost = carrierOnHost(file, view, carrier, context, label);
        const jsonSite = jsonPatchSiteOf(carrier);
        if (jsonSite) recordJsonPatchSite(onHost, jsonSite);
        sites.set(onHost, { documentSpan, entry });
        placed.push(onHost);
      }
      append(carriers, placed);
      for (const problem of read.problems) problems.push({ span: onHostSpan(view, problem.span), message: `${problem.message} (${label})`, isManual: true });
      const covered = (span: Span) => placed.some((carrier) => carrier.words.some((word) => word.span.start <= span.start && span.end <= word.span.end));
      manual(
        tokens.filter((span) => !covered(span)),
        'outside any argv it sets (an op adding one flag, a fragment): the tool edits a patch whose op or container sets a whole argv; edit it by hand',
      );
    });
  }
  return { carriers, problems, targets, objects, renames };
}

/**
 * The workload a merge patch of the block patches, as an object of the host
 * holding only what its leftover rules read: its containers and their ports,
 * at host offsets, with removals made on the host. Found in its own file
 * only, as a patch file's documents are (isKustomizePatch).
 */
function portsOnHost(host: SourceFile, view: BlockView, object: KubeObject, documentSpan: Span, target: { kind: string; name: string } | undefined): KubeObject {
  const ports: KubePort[] = object.ports.map((port) => ({
    ...port,
    span: onHostSpan(view, port.span),
    itemSpan: onHostSpan(view, port.itemSpan),
    removal: () => rehome(host, view, port.removal(), 'inline kustomize patch'),
  }));
  const placed: KubeObject = {
    // kustomize patches what the entry's target names (kustomize-patches.ts names the container so too).
    kind: target?.kind ?? object.kind,
    apiVersion: object.apiVersion,
    name: target?.name ?? object.name,
    labels: {},
    labelKeySpans: {},
    ports,
    containers: object.containers,
    documentSpan,
    inList: false,
    span: onHostSpan(view, object.span),
    // The kustomization itself is never removed for a patch of it.
    removal: () => [],
  };
  inlinePatchObjects.add(placed);
  return placed;
}

const inlinePatchObjects = new WeakSet<KubeObject>();

/** Whether an object is what an inline patch patches (portsOnHost): a patch, as a patch file's documents are. */
export function isInlinePatchObject(object: KubeObject): boolean {
  return inlinePatchObjects.has(object);
}

