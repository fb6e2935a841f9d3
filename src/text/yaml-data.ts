// Reading data (an SD file, the config file) through the positioned tree:
// the first document, as yaml.v2/v3 Unmarshal read it, with the loader's
// checks on top of the parser's (duplicate keys, unknown aliases), and the
// meaning a decoder gives a scalar (null, string). The JSON reader
// (json-tree.ts) builds the same nodes, so these helpers read both.

import { loadAll, SCALAR_STYLE } from 'js-yaml';
import { buildTree, yamlErrorOf, type YamlError, type YMap, type YNode, type YScalar, type YSeq } from './yaml-tree.js';

/** A data file's first document (null when empty or null), or why it does not parse. */
export type DataRead = { root: YNode | null } | { error: YamlError };

/** A node as data: what an alias names, resolved. */
export type DataNode = YScalar | YSeq | YMap;

const YAML_NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const STRING_TAGS = new Set(['!!str', '!', 'tag:yaml.org,2002:str']);

/** The first YAML document of `text`; errors carry js-yaml's reason, offset, line and column. */
export function readYamlData(text: string): DataRead {
  try {
    loadAll(text); // the loader's checks (duplicate keys, aliases) on top of the parser's
  } catch (e) {
    return { error: yamlErrorOf(e) };
  }
  const tree = buildTree(text);
  if (tree.error) return { error: tree.error };
  const root = tree.docs[0]?.root ?? null;
  return { root: root && isNullNode(root) ? null : root };
}

/** The node an alias names; the node itself otherwise. An alias naming nothing reads as an empty node where it stands. */
export function deref(n: YNode): DataNode {
  if (n.kind !== 'alias') return n;
  if (n.target && n.target.kind !== 'alias') return n.target;
  return { kind: 'scalar', start: n.start, end: n.start, contentStart: n.start, style: SCALAR_STYLE.PLAIN, valueStart: n.start, valueEnd: n.start, value: '', isNull: true };
}

/**
 * Where a message about `n` points: a scalar's value (inside its quotes; for
 * an empty node, where the value would be), a collection's first character,
 * an alias of a scalar at its `*`, an alias of a collection at the collection.
 */
export function offsetOf(n: YNode): number {
  if (n.kind === 'alias') return n.target?.kind === 'scalar' || !n.target ? n.start : offsetOf(n.target);
  return n.kind === 'scalar' ? n.valueStart : n.contentStart;
}

/** Quoted, block, or tagged as a string: a decoder takes it as text, never as null, bool or number. */
export function isStringScalar(s: YScalar): boolean {
  return s.style !== SCALAR_STYLE.PLAIN || (s.tag !== undefined && STRING_TAGS.has(s.tag));
}

/** Null to a decoder: empty, `~` or `null` (plain, untagged or `!!null`). */
export function isNullScalar(s: YScalar): boolean {
  return !isStringScalar(s) && (s.tag === undefined || s.tag === '!!null') && YAML_NULLS.has(s.value);
}

/** A null scalar, or an alias of one. */
export function isNullNode(n: YNode): boolean {
  const d = deref(n);
  return d.kind === 'scalar' && isNullScalar(d);
}
