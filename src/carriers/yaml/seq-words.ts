// Words from YAML sequences of scalars.

import type { SourceFile, Word } from '../../model.js';
import type { YSeq } from '../../text/yaml-tree.js';

export const K8S_EXPANSION = /\$\(|\$\{|\{\{/;
/** Compose interpolates `${VAR}` and `$VAR` (`$$` is a literal dollar). */
export const COMPOSE_EXPANSION = /\$\(|\$\{|\{\{|(?<!\$)\$[A-Za-z_]/;

export interface SeqWords {
  words: Word[];
  /** itemIndex[k] = index in seq.items of words[k]. */
  itemIndex: number[];
  /** Items that are not scalars (mappings, aliases…): not argv words. */
  skipped: number;
}

export function wordsFromSeq(file: SourceFile, seq: YSeq, expansion: RegExp): SeqWords {
  const words: Word[] = [];
  const itemIndex: number[] = [];
  let skipped = 0;
  seq.items.forEach((item, k) => {
    if (item.kind !== 'scalar' || item.isNull) {
      skipped++;
      return;
    }
    words.push({
      file,
      span: { start: item.start, end: item.end },
      value: item.value,
      hasExpansion: expansion.test(item.value),
    });
    itemIndex.push(k);
  });
  return { words, itemIndex, skipped };
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

/** `sh -c "<script>"`-style argv: a shell running a script string. */
export function isShellScript(words: Word[]): boolean {
  const prog = words[0]?.value.split('/').pop() ?? '';
  return SHELLS.has(prog) && /^-[a-z]*c[a-z]*$/.test(words[1]?.value ?? '');
}
