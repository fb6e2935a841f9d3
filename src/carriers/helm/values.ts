// Helm values files: the keys that configured gossip (`peers`, `cluster.*`,
// `clusterPort: 10900`…), found by indentation so comments and template
// text elsewhere do not matter. Format knowledge only: which keys are gossip
// is decided by the name patterns passed in.

import type { SourceFile } from '../../model.js';
import type { ValuesKey } from '../../facts.js';
export type { ValuesKey } from '../../facts.js';


const KEY_LINE = /^( *)(?:- +)?([A-Za-z_][\w.-]*)\s*:(?:\s+(.*?))?\s*$/;

/** Every `key: value` line with its dotted path (block mappings only). */
export function readValuesKeys(file: SourceFile): ValuesKey[] {
  const keys: ValuesKey[] = [];
  const stack: { indent: number; key: string }[] = [];
  let offset = 0;
  for (const rawLine of file.text.split('\n')) {
    const line = rawLine.replace(/\r$/, '').replace(/^\uFEFF/, '');
    const lineStart = offset + (rawLine.startsWith('\uFEFF') ? 1 : 0);
    offset += rawLine.length + 1;
    if (/^\s*(#|$)/.test(line)) continue;
    const match = KEY_LINE.exec(line);
    if (!match) continue;
    const indent = match[1]!.length;
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const path = [...stack.map((entry) => entry.key), match[2]!].join('.');
    const value = (match[3] ?? '').replace(/\s+#.*$/, '');
    keys.push({ file, path, value, span: { start: lineStart + indent, end: lineStart + line.length } });
    if (value === '' || value === '|' || value === '>') stack.push({ indent, key: match[2]! });
  }
  return keys;
}
