// New Kubernetes objects as YAML text (LF, two-space indentation, no `---`):
// the ConfigMap holding SD files and headless Services for Store APIs.

import { load } from 'js-yaml';
import { doubleQuoted, formatScalar } from './quote.js';

const q = (s: string): string => formatScalar(s, 'plain', false);

function sortedKeys(r: Record<string, string>): string[] {
  return Object.keys(r).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function mappingLines(r: Record<string, string>, indent: string): string[] {
  return sortedKeys(r).map((k) => `${indent}${q(k)}: ${q(r[k]!)}`);
}

/**
 * `value` as a block literal (`|`, `|-`, `|+`, with an indentation indicator
 * when the first line starts with a space) for a `data:` key at column 2,
 * content at column 4; double quotes when a literal cannot hold it.
 */
export function blockLiteral(value: string): string {
  const indent = '    ';
  if (value === '' || /[\r\u0000-\u0008\u000b-\u001f\u007f\ufeff\u2028\u2029]/.test(value)) return doubleQuoted(value);
  // Counted from the end: /\n*$/ tries every offset of the value, 1.6 s over 316 SD files of 2,800 targets.
  let trailing = 0;
  while (trailing < value.length && value.charCodeAt(value.length - 1 - trailing) === 10) trailing++;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing === 0 ? value : value.slice(0, -1);
  const lines = body.split('\n');
  const first = lines.find((l) => l !== '') ?? '';
  const indicator = first.startsWith(' ') || lines.some((l) => /^ +$/.test(l)) ? '2' : '';
  const out = `|${indicator}${chomp}\n` + lines.map((l) => (l === '' ? '' : indent + l)).join('\n');
  // Lines of printable ASCII, each with something on it, the first not indented, one final newline at
  // most (an SD file of host names): such a literal reads back as written. Anything else is parsed
  // back to be sure (test/quote.test.ts holds the shortcut to the parse).
  if (PLAIN_LINES.test(value)) return out;
  return blockLiteralByParse(value, out);
}

const PLAIN_LINES = /^[\x21-\x7e][\x20-\x7e]*(?:\n[\x20-\x7e]*[\x21-\x7e][\x20-\x7e]*)*\n?$/;

/** `out` when YAML reads it back as `value`, else `value` double-quoted. */
export function blockLiteralByParse(value: string, out: string): string {
  try {
    const back = load(`d:\n  k: ${out}\n`) as { d?: { k?: unknown } } | null;
    if (back?.d?.k === value) return out;
  } catch {
    /* fall back to quotes */
  }
  return doubleQuoted(value);
}

function metadata(spec: { name: string; namespace?: string; labels?: Record<string, string> }): string[] {
  const lines = ['metadata:', `  name: ${q(spec.name)}`];
  if (spec.namespace !== undefined) lines.push(`  namespace: ${q(spec.namespace)}`);
  if (spec.labels && Object.keys(spec.labels).length > 0) lines.push('  labels:', ...mappingLines(spec.labels, '    '));
  return lines;
}

/** YAML text (LF, no leading ---) of a ConfigMap with one or more files, block literal `|` values, keys sorted. */
export function renderConfigMap(spec: {
  name: string; namespace?: string; labels?: Record<string, string>; data: Record<string, string>;
}): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', ...metadata(spec)];
  const keys = sortedKeys(spec.data);
  if (keys.length === 0) lines.push('data: {}');
  else {
    lines.push('data:');
    for (const k of keys) lines.push(`  ${q(k)}: ${blockLiteral(spec.data[k]!)}`);
  }
  return lines.join('\n') + '\n';
}

/** YAML text of a Service; `headless: true` sets clusterIP: None. */
export function renderService(spec: {
  name: string; namespace?: string; labels?: Record<string, string>; selector: Record<string, string>;
  headless: boolean; ports: { name: string; port: number; targetPort: number | string }[];
}): string {
  const lines = ['apiVersion: v1', 'kind: Service', ...metadata(spec), 'spec:'];
  if (spec.headless) lines.push('  clusterIP: None');
  if (Object.keys(spec.selector).length > 0) lines.push('  selector:', ...mappingLines(spec.selector, '    '));
  if (spec.ports.length > 0) {
    lines.push('  ports:');
    for (const p of spec.ports) {
      const target = typeof p.targetPort === 'number' ? String(p.targetPort) : q(p.targetPort);
      lines.push(`  - name: ${q(p.name)}`, `    port: ${p.port}`, `    targetPort: ${target}`);
    }
  }
  return lines.join('\n') + '\n';
}
