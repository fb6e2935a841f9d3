// Named templates (`{{- define "x" -}} … {{- end -}}`) in Helm charts: the
// gossip-era charts kept the peers address in one (`thanos.peers`).

import type { SourceFile } from '../../model.js';
import type { TemplateDefine } from '../../facts.js';
export type { TemplateDefine } from '../../facts.js';


const DEFINE = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/;
const OPENER = /\{\{-?\s*(if|with|range|define|block)\b/g;
const END = /\{\{-?\s*end\b/g;

export function readTemplateDefines(file: SourceFile): TemplateDefine[] {
  const defines: TemplateDefine[] = [];
  let current: TemplateDefine | null = null;
  let depth = 0;
  let offset = 0;
  for (const raw of file.text.split('\n')) {
    const text = raw.replace(/\r$/, '');
    const start = offset;
    offset += raw.length + 1;
    if (!current) {
      const match = DEFINE.exec(text);
      if (!match) continue;
      current = { file, name: match[1]!, lines: [] };
      depth = 0;
    } else {
      current.lines.push({ text, span: { start, end: start + text.length } });
    }
    depth += (text.match(OPENER) ?? []).length - (text.match(END) ?? []).length;
    if (depth <= 0) {
      defines.push(current);
      current = null;
    }
  }
  return defines;
}
