// What a gossip setting looks like as text, wherever it is written: the flag
// names Thanos v0.5.0 removed (`--cluster.*`, `--no-cluster.*`,
// `--grpc-advertise-address`, `--http-advertise-address`) and `peers:`
// directly under a `thanos` key (Prometheus-Operator's spec.thanos.peers, a
// chart's thanos.peers value, kube-prometheus's `thanos+: { peers: … }`).
// Every occurrence must end edited, reported or attributed: the accounting
// and the catch-all rule both start from this one scan.

import type { Span } from '../model.js';

export interface GossipToken {
  span: Span;
  /** The setting, normalised: `--cluster.peers` (a `--no-` form too), or `thanos.peers`. */
  subject: string;
}

const FLAG_TOKEN = /--(?:no-)?(?:cluster\.[a-z][a-z-]*|grpc-advertise-address|http-advertise-address)\b/g;
const PEERS_KEY = /^([ \t]*)(?:-[ \t]+)?["']?peers["']?[ \t]*:/;
/** A key line: `thanos:`, `thanos+::`, `"thanos": {`, `- thanos:`. */
const KEY_LINE = /^([ \t]*)(?:-[ \t]+)?["']?([A-Za-z_][\w.-]*)["']?[ \t]*\+?:{1,3}/;
/** Lines that say nothing about nesting: blanks, comments, template-only lines. */
const NEUTRAL_LINE = /^[ \t]*(?:$|#|\/\/|\{\{.*\}\}[ \t]*$|\{%.*%\}[ \t]*$|<%.*%>[ \t]*$)/;

/** Spans of the gossip flag names in `range` of `text` (each `--cluster.x` word, not its value). */
export function gossipFlagMentions(text: string, range: Span = { start: 0, end: text.length }): GossipToken[] {
  const slice = text.slice(range.start, range.end);
  const tokens: GossipToken[] = [];
  FLAG_TOKEN.lastIndex = 0;
  for (let match = FLAG_TOKEN.exec(slice); match !== null; match = FLAG_TOKEN.exec(slice)) {
    const start = range.start + match.index;
    tokens.push({ span: { start, end: start + match[0].length }, subject: match[0].replace(/^--no-/, '--') });
  }
  return tokens;
}

/**
 * `peers:` keys whose parent key (the nearest less-indented key line above,
 * past blanks, comments and template-only lines) is `thanos`.
 */
export function thanosPeersKeys(text: string): GossipToken[] {
  if (!text.includes('peers')) return [];
  const tokens: GossipToken[] = [];
  const lines = text.split('\n');
  let offset = 0;
  const starts = lines.map((line) => {
    const start = offset;
    offset += line.length + 1;
    return start;
  });
  lines.forEach((line, index) => {
    const peers = PEERS_KEY.exec(line);
    if (!peers) return;
    const indent = keyIndent(line);
    for (let above = index - 1; above >= 0; above--) {
      const candidate = lines[above]!;
      if (NEUTRAL_LINE.test(candidate)) continue;
      const key = KEY_LINE.exec(candidate);
      if (!key || keyIndent(candidate) >= indent) continue;
      if (key[2] === 'thanos') {
        const start = starts[index]! + line.indexOf('peers');
        tokens.push({ span: { start, end: start + 'peers'.length }, subject: 'thanos.peers' });
      }
      return;
    }
  });
  return tokens;
}

/** Column of a line's key: a `- key:` item's key sits after its dash. */
function keyIndent(line: string): number {
  const match = /^([ \t]*)(-[ \t]+)?/.exec(line)!;
  return match[1]!.length + (match[2]?.length ?? 0);
}

/** Every gossip token of a text, in order. */
export function gossipTokens(text: string): GossipToken[] {
  return [...gossipFlagMentions(text), ...thanosPeersKeys(text)].sort((a, b) => a.span.start - b.span.start);
}
