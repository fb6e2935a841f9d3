// Spelling new YAML scalars in the style of an existing one.

import { load } from 'js-yaml';
import type { NewArg } from '../../model.js';

export type QuoteStyle = 'plain' | 'single' | 'double';

export function styleOfSource(src: string): QuoteStyle {
  if (src.startsWith('"')) return 'double';
  if (src.startsWith("'")) return 'single';
  return 'plain';
}

export function doubleQuoted(value: string): string {
  let out = '"';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

export function singleQuoted(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/** True when `value` can be written as a plain scalar and reads back as the same string. */
export function plainIsSafe(value: string, flow: boolean): boolean {
  if (value === '' || /[\n\r\t]/.test(value) || value !== value.trim()) return false;
  if (flow && /[,[\]{}]/.test(value)) return false;
  try {
    const got = load(flow ? `[${value}]` : `- ${value}`) as unknown;
    return Array.isArray(got) && got.length === 1 && got[0] === value;
  } catch {
    return false;
  }
}

/**
 * `value` as a YAML scalar in `style`; a plain style falls back to double
 * quotes when YAML needs them, a single-quoted style to double quotes when
 * the value holds a line break.
 */
export function formatScalar(value: string, style: QuoteStyle, flow: boolean): string {
  if (style === 'plain') return plainIsSafe(value, flow) ? value : doubleQuoted(value);
  if (style === 'single') return /[\n\r\t]/.test(value) ? doubleQuoted(value) : singleQuoted(value);
  return doubleQuoted(value);
}

/** A new argument as scalar text: raw text verbatim, a value in `style`. */
export function spellArg(arg: NewArg, style: QuoteStyle, flow: boolean): string {
  return 'raw' in arg ? arg.raw : formatScalar(arg.value, style, flow);
}
