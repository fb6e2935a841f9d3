import type { Finding, Word } from '../model.js';
import { programWord } from '../analysis/invocations.js';
import { GOSSIP_PORT } from '../thanos/vocabulary.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

const RUNNERS = new Set(['docker', 'podman', 'nerdctl']);

/** Whether a publish spec (`[ip:]host:container[/proto]`, ranges `10900-10902:10900-10902`, `--expose 10900-10902`) covers the gossip port. */
export function publishesGossipPort(spec: string): boolean {
  const ports = spec.replace(/\/(?:tcp|udp|sctp)$/i, '').split(':').slice(-2);
  return ports.some((part) => {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!range) return false;
    const low = Number(range[1]);
    const high = range[2] !== undefined ? Number(range[2]) : low;
    return low <= GOSSIP_PORT && GOSSIP_PORT <= high;
  });
}

/** The `-p`/`--publish`/`--expose` values of a `docker run|create` argv, with the word holding each. */
function publishSpecs(words: Word[]): { word: Word; spec: string }[] {
  const specs: { word: Word; spec: string }[] = [];
  for (let i = 0; i < words.length; i++) {
    const value = words[i]!.value;
    const joined = /^(?:-p|--publish|--expose)=(.+)$/.exec(value) ?? /^-p(\d.*)$/.exec(value);
    if (joined) specs.push({ word: words[i]!, spec: joined[1]! });
    else if (/^(?:-p|--publish|--expose)$/.test(value) && words[i + 1]) specs.push({ word: words[++i]!, spec: words[i]!.value });
  }
  return specs;
}

const messages = {
  publishesGossipPort: '{{runner}} publishes {{spec}}, which covers the gossip port 10900: narrow it by hand once gossip is gone (manual)',
} as const satisfies Messages;

export const gossipPublishedPortRule: Rule<typeof messages> = {
  id: 'gossip-published-port',
  meta: {
    severity: 'warning',
    description: '`docker run` (or podman, nerdctl) publishing or exposing the gossip port 10900, a range covering it included.',
    explanation:
      'Gossip-era scripts published 10900 next to the gRPC and HTTP ports, often as one range (-p 10900-10902:10900-10902). ' +
      'Without gossip nothing listens there: narrow the range to 10901-10902 by hand. The tool does not rewrite port ' +
      'specifications, because a range may serve other containers too.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const carrier of context.carriers) {
      const program = programWord(carrier.words);
      if (!program || !RUNNERS.has(program.value.split('/').pop() ?? '')) continue;
      const index = carrier.words.indexOf(program);
      if (!['run', 'create'].includes(carrier.words[index + 1]?.value ?? '')) continue;
      for (const { word, spec } of publishSpecs(carrier.words.slice(index + 2))) {
        if (!publishesGossipPort(spec)) continue;
        findings.push({
          ...messageOf(this, 'publishesGossipPort', { runner: program.value.split('/').pop() ?? '', spec }),
          severity: this.meta.severity,
          file: word.file,
          span: word.span,
        });
      }
    }
    return findings;
  },
};
