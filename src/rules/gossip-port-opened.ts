import type { Finding, SourceFile, Span } from '../model.js';
import { isInComment } from '../analysis/accounting.js';
import { furthestReachByFile } from '../analysis/containing.js';
import { GOSSIP_PORT } from '../thanos/vocabulary.js';
import { lineEndOf, lineStartOf } from '../text/lines.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

/** Words of rules that open ports, in any language: Terraform, CloudFormation, CDK, boto3, Pulumi, gcloud, az, Ansible, nft, firewalld, compose. */
export const PORT_RULE_CONTEXT =
  /ports?\b|port_?range|destination[-_ ]?port|\b(?:dport|ingress|egress|security[-_ ]?groups?|firewall|allow|ip_?permissions|proto(?:col)?|tcp|udp)\b|Port\.(?:tcp|udp|tcpRange)/i;
/** Whether a match of NUMBERS_ON_A_LINE is 10900, or a range covering it. Exported for the test of portRuleLines. */
export function coversGossipPort(match: RegExpMatchArray): boolean {
  const low = Number(match[1]);
  const high = match[2] !== undefined ? Number(match[2]) : low;
  return low === GOSSIP_PORT || (match[2] !== undefined && low < GOSSIP_PORT && GOSSIP_PORT <= high && high - low < 2000);
}

/** Where the line two above the one starting at `start` starts (the text's start when there are fewer). */
function twoLinesAbove(text: string, start: number): number {
  let at = start;
  // text[at - 1] is the LF that ends the line above; the LF before it, if any, ends the one above that.
  for (let lines = 0; lines < 2 && at > 0; lines++) at = at < 2 ? 0 : text.lastIndexOf('\n', at - 2) + 1;
  return at;
}

/**
 * 10900 as a number, or a range covering it (`10900-10902`, `10800:11000`,
 * `tcpRange(10900, 10902)`), searched in the whole text. Whitespace is kept
 * off LF, so a match stays on its line, as when each line was searched on
 * its own (a file of 30,000 workloads has 1.5 million lines).
 */
const NUMBERS_ON_A_LINE = /(?<![\d.])(\d{4,5})(?:[^\S\n]*(?:-|:|,[^\S\n]*)[^\S\n]*(\d{4,5}))?(?![\d.])/g;

/** Lines opening the gossip port, with the port-rule words on the line or the two lines above. Exported for its test. */
export function portRuleLines(file: SourceFile): Span[] {
  const text = file.text;
  if (!text.includes('109')) return [];
  const spans: Span[] = [];
  NUMBERS_ON_A_LINE.lastIndex = 0;
  for (let match = NUMBERS_ON_A_LINE.exec(text); match !== null; match = NUMBERS_ON_A_LINE.exec(text)) {
    if (!coversGossipPort(match)) continue;
    // The first port on a line decides the line: the search goes on past its end.
    const start = lineStartOf(text, match.index);
    const end = lineEndOf(text, match.index);
    NUMBERS_ON_A_LINE.lastIndex = end;
    if (isInComment(text, match.index)) continue;
    if (!PORT_RULE_CONTEXT.test(text.slice(twoLinesAbove(text, start), end))) continue;
    const line = text.slice(start, end);
    spans.push({ start: start + line.search(/\S/), end: start + line.replace(/\r$/, '').length });
  }
  return spans;
}

const messages = {
  opensGossipPort: 'opens the gossip port 10900: close it by hand once gossip is gone, keeping 10901 and 10902 (manual)',
} as const satisfies Messages;

export const gossipPortOpenedRule: Rule<typeof messages> = {
  id: 'gossip-port-opened',
  meta: {
    severity: 'warning',
    description: 'A security-group, firewall or port rule in any text file (Terraform, CloudFormation, CDK, boto3, Pulumi, gcloud, Ansible, nft, compose…) that opens the gossip port 10900.',
    explanation:
      'Gossip needed 10900 (TCP and UDP) open between every Thanos host, so infrastructure code opened it, often generated ' +
      '(a loop over ports, a range 10900-10902). Without gossip the opening is only exposure. The tool does not rewrite ' +
      'infrastructure code: close 10900 by hand and keep the gRPC (10901) and HTTP (10902) ports. Lines other rules already ' +
      'report (Kubernetes objects, firewall commands, Terraform variables) are not repeated.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    // A line is owned when a Kubernetes object holds it, a documentation block holds its start, or an earlier finding touches it.
    const objectReach = furthestReachByFile(context.kubeObjects, (entry) => entry.file, (entry) => entry.object.documentSpan);
    const documentationReach = furthestReachByFile(context.documentation, (block) => block.file, (block) => block.span);
    const findingReach = furthestReachByFile(context.earlier, (finding) => finding.file, (finding) => finding.span);
    const owned = (file: SourceFile, span: Span) =>
      objectReach(file, span.start) >= span.end ||
      documentationReach(file, span.start) > span.start ||
      findingReach(file, span.end) >= lineStartOf(file.text, span.start);
    for (const file of context.files) {
      for (const span of portRuleLines(file)) {
        if (owned(file, span)) continue;
        findings.push({
          ...messageOf(this, 'opensGossipPort', {}),
          severity: this.meta.severity,
          file,
          span,
        });
      }
    }
    return findings;
  },
};

