// Every gossip-looking flag ends as removed, kept, manual, or left alone,
// each with its place and reason (after ingress2gateway's notifications).

import { programWord } from './invocations.js';
import type { ArgvCarrier, Finding, GossipOutcome, Invocation, SourceFile, Span } from '../model.js';
import { looksLikeGossipFlag } from '../thanos/gossip-flags.js';

export interface GossipAccount {
  file: SourceFile;
  span: Span;
  flag: string;
  outcome: GossipOutcome;
  why: string;
}

function flagNameOf(value: string): string | null {
  const match = /^["']?--(?:no-)?([a-z][a-z0-9.-]*)/.exec(value);
  return match ? match[1]! : null;
}

function programOf(carrier: ArgvCarrier): string {
  if (carrier.image) return `image ${carrier.image}`;
  const program = programWord(carrier.words);
  return program ? (program.value.split('/').pop() ?? program.value) : 'an unknown program';
}

export function accountGossipFlags(carriers: ArgvCarrier[], invocations: Invocation[], findings: Finding[]): GossipAccount[] {
  const accounts: GossipAccount[] = [];
  const thanosCarriers = new Set(invocations.map((inv) => inv.carrier));
  for (const finding of findings) {
    if (!finding.outcome || !finding.subject) continue;
    accounts.push({ file: finding.file, span: finding.span, flag: finding.subject, outcome: finding.outcome, why: finding.message });
  }
  for (const carrier of carriers) {
    if (thanosCarriers.has(carrier)) continue;
    for (const word of carrier.words) {
      const name = flagNameOf(word.value);
      if (!name || !looksLikeGossipFlag(name)) continue;
      accounts.push({ file: word.file, span: word.span, flag: `--${name}`, outcome: 'left-alone', why: `${programOf(carrier)} is not Thanos` });
    }
  }
  return accounts.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.span.start - b.span.start));
}
