// An argv behind a YAML alias (`args: *thanos-args`, compose
// `command: *sidecar-command`) was invisible: neither migrate nor check saw
// the gossip flags at the anchor. The alias is resolved to its anchor (a
// pointer, never a copy: an alias bomb costs nothing), and where the argv is
// edited depends on who else uses the anchor:
// - only this argv: edit it where the anchor is defined;
// - the anchor is itself another container's argv: that argv is edited, and
//   this one follows it (a note says so: it gets no mount of its own);
// - several argvs share it: editing it would change them all at once, so
//   each gossip flag in it is left to a human.

import type { Span } from '../../model.js';
import { lineColumnAt } from '../../argv/text-lines.js';
import { GOSSIP_FLAG_MENTION } from '../../thanos/vocabulary.js';
import type { YNode } from '../../text/yaml-tree.js';
import type { YamlProblem } from './types.js';

const ARGV_KEYS = new Set(['command', 'args', 'entrypoint']);

export type ArgvValue =
  /** The node to read the argv from (the value itself, or the anchor used only here), and whether it hangs off this key. */
  | { node: YNode; isOwnValue: boolean }
  | { problems: YamlProblem[] };

/** Each gossip flag written in `span`. */
function gossipMentions(text: string, span: Span): Span[] {
  const mention = new RegExp(GOSSIP_FLAG_MENTION.source, 'g');
  const slice = text.slice(span.start, span.end);
  return [...slice.matchAll(mention)].map((match) => ({ start: span.start + match.index, end: span.start + match.index + match[0].length }));
}

/** Where the argv of the entry whose value is `value` lives, for `label` (`container thanos-query`). */
export function argvValue(file: { text: string; linesBefore?: number }, value: YNode, label: string): ArgvValue {
  const text = file.text;
  if (value.kind !== 'alias') return { node: value, isOwnValue: true };
  const target = value.target;
  if (!target) {
    return { problems: [{ span: { start: value.start, end: value.end }, message: `*${value.name} names no anchor before it in this document (anchors do not cross ---)` }] };
  }
  const where = `the YAML anchor &${value.name} at line ${lineColumnAt(file, target.start).line}`;
  if (target.heldBy !== undefined && ARGV_KEYS.has(target.heldBy)) {
    if (gossipMentions(text, target).length === 0) return { problems: [] };
    return {
      problems: [{ span: { start: value.start, end: value.end }, message: `manual: ${label} runs ${where}, which is migrated there; this one gets no SD file mount of its own: check it by hand`, isManual: true }],
    };
  }
  if ((target.aliasCount ?? 0) <= 1) return { node: target, isOwnValue: false };
  return {
    problems: gossipMentions(text, target).map((span) => ({
      span,
      message: `manual: ${text.slice(span.start, span.end)} in ${where}, which ${target.aliasCount} argvs share (${label} among them): edit it by hand`,
      isManual: true,
    })),
  };
}
