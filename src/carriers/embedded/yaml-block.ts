// YAML that lives inside another file: a Markdown fence, a heredoc fed to
// `kubectl apply -f -` or `cat > x.yaml`. The YAML carriers read the block
// alone, as a file of its own (a view), and what they find is moved onto the
// host: spans by the block's offset, edits re-addressed to the host. (The
// view was once the whole host with everything outside the block blanked, so
// offsets matched as they were; each block then cost the host's length, and
// a runbook of 1,000 manifests did not finish in a minute.) Kubernetes and
// compose facts stay behind (a ConfigMap or a mount cannot be added to a
// runbook); a Prometheus-Operator resource's spec.thanos.peers comes along,
// with the edits that remove it.

import type { ArgvCarrier, CarrierContext, SourceFile, Span } from '../../model.js';
import { readYamlCarriers, removeMappingEntry } from '../yaml/index.js';
import { gossipTokens } from '../../thanos/vocabulary.js';
import { lineOf, type EmbeddedReadResult } from './common.js';
import { blockView, carrierOnHost, onHostSpan, rehome, type BlockView } from '../block-view.js';

export { blockView } from '../block-view.js';

/** Gossip tokens inside a span of the host (flags, and thanos.peers keys of the block's own text). */
function tokensIn(file: SourceFile, span: Span): Span[] {
  return gossipTokens(file.text.slice(span.start, span.end)).map((token) => ({ start: span.start + token.span.start, end: span.start + token.span.end }));
}

/**
 * Read `body` of `file` as YAML. `indent`: the blanks every line carries
 * (a fence inside a list item), which must be uniform for the text to be
 * the same YAML. A block that does not parse is one place for a human.
 */
export function readYamlBlock(file: SourceFile, body: Span, label: string, indent: number, result: EmbeddedReadResult): void {
  const text = file.text;
  const tokens = tokensIn(file, body);
  if (tokens.length === 0) return;
  const slice = text.slice(body.start, body.end);
  const shallow = slice.split('\n').find((line) => line.trim() !== '' && !line.startsWith(' '.repeat(indent)));
  if (shallow !== undefined || /^ *\t/m.test(slice)) {
    result.problems.push({ span: body, message: `manual: ${label}: its lines are indented unevenly, so the YAML cannot be mapped`, isManual: true, isBlock: true });
    return;
  }
  const view = blockView(file, body);
  const read = readYamlCarriers(view.file);
  const unreadable = read.problems.find((problem) => !problem.isManual);
  if (unreadable) {
    const at = lineOf(file, unreadable.span.start + view.offset);
    result.problems.push({ span: body, message: `manual: ${label} does not parse as YAML (${unreadable.message}, line ${at}): edit its gossip settings by hand`, isManual: true, isBlock: true });
    return;
  }
  for (const problem of read.problems) result.problems.push({ span: onHostSpan(view, problem.span), message: `manual: ${label}: ${problem.message}`, isManual: true });
  for (const carrier of read.carriers) result.carriers.push(onHost(file, view, carrier, label));
  for (const object of read.objects) {
    if (object.kind !== 'Prometheus' || !object.thanos?.peersSpan) continue;
    result.thanosPeers.push({
      file,
      span: onHostSpan(view, object.thanos.peersSpan),
      valueText: object.thanos.peers ?? '',
      where: `${label}, Prometheus/${object.name}`,
      removal: rehome(file, view, removeMappingEntry(view.file, object.thanos.peersSpan), label),
    });
  }
  // A fragment (`args:` alone, a container without its Deployment) is no object the YAML carriers read.
  const covered = (hostSpan: Span) => {
    const span = { start: hostSpan.start - view.offset, end: hostSpan.end - view.offset };
    return (
      read.carriers.some((carrier) => carrier.words.some((word) => word.span.start <= span.start && span.end <= word.span.end)) ||
      read.objects.some((object) => object.thanos?.peersSpan !== undefined && object.thanos.peersSpan.start <= span.start && span.end <= object.thanos.peersSpan.end)
    );
  };
  for (const span of tokens) {
    if (!covered(span)) result.problems.push({ span, message: `manual: ${text.slice(span.start, span.end)} in a ${label} that is not a whole Kubernetes object or compose file`, isManual: true });
  }
}

/**
 * A YAML carrier read from the view, on the host. Kubernetes and compose
 * facts would route fixes (ConfigMaps, mounts) into the host file: the block
 * keeps only its label and container.
 */
function onHost(host: SourceFile, view: BlockView, carrier: ArgvCarrier, label: string): ArgvCarrier {
  const context: CarrierContext = { kind: 'command', label: `${label}, ${carrier.context.label}`, ...(carrier.context.container !== undefined ? { container: carrier.context.container } : {}) };
  return carrierOnHost(host, view, carrier, context, label);
}
