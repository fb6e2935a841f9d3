// Queriers and Rulers started from text the tool does not rewrite (a Ruby
// `command "…"` string, code no carrier maps): their gossip flags can only be
// reported, yet once those go the process loses what gossip found for it. The
// command line is read as read-only words (argv/loose-command.ts) and the
// process is placed in its mesh like any other, so the report can say which
// StoreAPIs (Query APIs) it loses and which of them the input shows. Such
// processes join a mesh for this question only: a command in a runbook never
// becomes an endpoint of a Querier the tool does rewrite.

import type { ArgvCarrier, ArgvEditor, Invocation } from '../model.js';
import { looseCommandAt } from '../argv/loose-command.js';
import { lineColumnAt } from '../argv/text-lines.js';
import { isThanosProgram } from '../thanos/vocabulary.js';
import type { UnaccountedToken } from './accounting.js';
import { findInvocation } from './invocations.js';
import { analyzeConsumers, type AnswerOptions, type ConsumerEndpoints } from './consumers.js';
import type { DeploymentFacts } from './endpoints.js';

const READ_ONLY: ArgvEditor = {
  removeWords: () => {
    throw new Error('read-only command line: the tool does not edit text it cannot map');
  },
  insertAfter: () => {
    throw new Error('read-only command line: the tool does not edit text it cannot map');
  },
};

/** The consumers on the command lines of `unaccounted` gossip flags, each with the endpoints of its own mesh. */
export function consumersInUneditedText(unaccounted: readonly UnaccountedToken[], invocations: readonly Invocation[], facts: DeploymentFacts, options: AnswerOptions): ConsumerEndpoints[] {
  const commands = new Map<string, ArgvCarrier>();
  for (const { file, token } of unaccounted) {
    if (!token.subject.startsWith('--')) continue;
    const command = looseCommandAt(file, token.span.start, isThanosProgram);
    if (!command) continue;
    const key = `${file.path}\0${command.span.start}`;
    if (commands.has(key)) continue;
    const { line } = lineColumnAt(file, command.span.start);
    commands.set(key, { kind: 'plain-command', file, context: { kind: 'command', label: `command at line ${line}` }, words: command.words, editor: READ_ONLY });
  }
  const readOnly = [...commands.values()].flatMap((carrier) => findInvocation(carrier) ?? []);
  if (!readOnly.some((invocation) => invocation.component === 'query' || invocation.component === 'rule')) return [];
  const { consumers } = analyzeConsumers([...invocations, ...readOnly], facts, options);
  return consumers.filter((entry) => readOnly.includes(entry.consumer));
}
