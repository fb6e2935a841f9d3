// The non-interactive equivalent of a wizard session, as one shell command.

import type { WizardAnswers } from './answers.js';

/** POSIX shell quoting: bare when safe, otherwise single quotes ('\'' for a quote). */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `migrate` options for the answers, in the wizard's question order. */
export function answersToArgs(answers: WizardAnswers): string[] {
  const args: string[] = [];
  if (answers['keep-gossip']) args.push('--keep-gossip');
  if (answers['thanos-version']) args.push('--thanos-version', answers['thanos-version']);
  if (answers.namespace) args.push('--namespace', answers.namespace);
  for (const endpoint of answers['store-endpoint'] ?? []) args.push('--store-endpoint', endpoint);
  for (const endpoint of answers['query-endpoint'] ?? []) args.push('--query-endpoint', endpoint);
  for (const name of answers['mesh-complete'] ?? []) args.push('--mesh-complete', name);
  if (answers['sd-format']) args.push('--sd-format', answers['sd-format']);
  if (answers['sd-path']) args.push('--sd-path', answers['sd-path']);
  if (answers.leftovers) args.push('--leftovers', answers.leftovers);
  if (answers['k8s-dns']) args.push('--k8s-dns', answers['k8s-dns']);
  return args;
}

export function equivalentCommand(answers: WizardAnswers, target: string, extra: { write: boolean; allowDirty?: boolean }): string {
  const words = ['npx', 'thanos-gossip-migrate', 'migrate'];
  if (extra.write) words.push('--write');
  if (extra.allowDirty) words.push('--allow-dirty');
  words.push(...answersToArgs(answers), target);
  return words.map(shellQuote).join(' ');
}
