// The gossip vocabulary: what gossip settings and Thanos programs look like
// as text, wherever they are written. Every reader that looks for gossip
// (the prefilter, the carriers, the catch-all rule, the accounting, the
// self-check after edits, the wizard) matches with these, so "is this gossip?"
// has one answer. Words only: what a flag means and which version dropped it
// is knowledge (gossip-flags.ts, flag-table.json), not vocabulary.
//
// The flags are the ones Thanos v0.5.0 removed (`--cluster.*`, `--no-cluster.*`,
// `--grpc-advertise-address`, `--http-advertise-address`); `peers:` directly
// under a `thanos` key is Prometheus-Operator's spec.thanos.peers, a chart's
// thanos.peers value, kube-prometheus's `thanos+: { peers: … }`. Every
// occurrence must end edited, reported or attributed: the accounting and the
// catch-all rule both start from this one scan.

import type { Component, Span } from '../model.js';

export interface GossipToken {
  span: Span;
  /** The setting, normalised: `--cluster.peers` (a `--no-` form too), or `thanos.peers`. */
  subject: string;
}

/** The flag names, without dashes: every `cluster.*` (a future one too) and the two advertise flags. */
const FLAG_NAME = '(?:cluster\\.[a-z][a-z-]*|grpc-advertise-address|http-advertise-address)';

/** A gossip flag written anywhere in a text (any `--cluster.*`, the two advertise flags, `--no-` forms). */
export const GOSSIP_FLAG_MENTION = new RegExp(`--(?:no-)?${FLAG_NAME}\\b`);
const FLAG_TOKEN = new RegExp(GOSSIP_FLAG_MENTION.source, 'g');
/** An argv word that is a gossip flag: `--cluster.peers`, `--cluster.peers=x`, `--no-cluster.disable`. */
const FLAG_START = new RegExp(`^${GOSSIP_FLAG_MENTION.source}`);
const FLAG_WORD = new RegExp(`^--(?:no-)?${FLAG_NAME}(?:=|$)`);

/** A flag name (no dashes, no `no-`) is gossip: any `cluster.*`, or one of the two advertise flags. */
export function looksLikeGossipFlag(name: string): boolean {
  return /^(?:cluster\.|grpc-advertise-address$|http-advertise-address$)/.test(name);
}

/** A text starts with a gossip flag (a string literal `'--cluster.peers=' + x` in code). */
export function startsWithGossipFlag(text: string): boolean {
  return FLAG_START.test(text);
}

/** An argv word is a gossip flag, with or without its `=value`. */
export function isGossipFlagWord(word: string): boolean {
  return FLAG_WORD.test(word);
}

/**
 * The label that selected gossip members for the peers Service: `thanos-peer(s)`,
 * and the prefixed spellings of charts and libraries (`mychart-thanos-peer`).
 */
export const PEER_LABEL = /(?:^|[-_./])thanos[-_]peers?$/;

/** The gossip port; 1939x in the v0.1-v0.3 quickstarts, 19390 before v0.1. */
export const GOSSIP_PORT = 10900;

/**
 * Variable names that carried gossip flags in real units and roles
 * (ansible-thanos' THANOS_SIDECAR_CLUSTER_PEERS, THANOS_GOSSIP_OPTS,
 * GRPC_ADVERTISE_ADDRESS); THANOS_SIDECAR_CLUSTER_GRPC held --grpc-address.
 */
export function looksLikeGossipVariable(name: string): boolean {
  return /cluster_?(?:peers?|address|advertise|disabled?|secret|gossip|pushpull|refresh|network)|gossip|advertise/i.test(name);
}

/** Thanos's subcommands (the words after the program), complete by type. */
const COMPONENT_WORDS: Record<Component, true> = {
  sidecar: true, store: true, rule: true, receive: true, query: true, compact: true, bucket: true, downsample: true, tools: true, 'query-frontend': true,
};

export function isComponent(word: string): word is Component {
  return Object.prototype.hasOwnProperty.call(COMPONENT_WORDS, word);
}

/**
 * Images that run Thanos: improbable/thanos (<= v0.7), quay.io/thanos/thanos,
 * thanosio/thanos, and any registry path whose last segment is `thanos`.
 */
export function isThanosImage(image: string): boolean {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSegment = withoutDigest.split('/').pop() ?? '';
  const repository = lastSegment.split(':')[0] ?? '';
  return repository === 'thanos';
}

/** The program is Thanos when its path's last segment is `thanos`. */
export function isThanosProgram(program: string): boolean {
  const name = program.replace(/^[-@+!]+/, '').split('/').pop() ?? '';
  return name === 'thanos';
}
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

/** A `peers:` key at the start of a line (a line start follows LF or is the text's start; checked by the caller). */
const PEERS_KEY_LINES = /^[ \t]*(?:-[ \t]+)?["']?peers["']?[ \t]*:/gm;

/**
 * `peers:` keys whose parent key (the nearest less-indented key line above,
 * past blanks, comments and template-only lines) is `thanos`. Searched for
 * in the whole text, then walked up from each: splitting a file of 30,000
 * workloads into its 1.5 million lines to test each was 30 MB of garbage.
 */
export function thanosPeersKeys(text: string): GossipToken[] {
  if (!text.includes('peers')) return [];
  const tokens: GossipToken[] = [];
  PEERS_KEY_LINES.lastIndex = 0;
  for (let match = PEERS_KEY_LINES.exec(text); match !== null; match = PEERS_KEY_LINES.exec(text)) {
    const lineStart = match.index;
    // `^` in multiline mode also follows CR and U+2028; lines here are split at LF only.
    if (lineStart > 0 && text[lineStart - 1] !== '\n') continue;
    const lineEnd = lineEndAt(text, lineStart);
    const indent = keyIndent(text.slice(lineStart, lineEnd));
    for (let above = lineStart; above > 0; ) {
      const end = above - 1;
      above = end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
      const candidate = text.slice(above, end);
      if (NEUTRAL_LINE.test(candidate)) continue;
      const key = KEY_LINE.exec(candidate);
      if (!key || keyIndent(candidate) >= indent) continue;
      if (key[2] === 'thanos') {
        const start = lineStart + match[0].indexOf('peers');
        tokens.push({ span: { start, end: start + 'peers'.length }, subject: 'thanos.peers' });
      }
      break;
    }
  }
  return tokens;
}

function lineEndAt(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  return lf === -1 ? text.length : lf;
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
