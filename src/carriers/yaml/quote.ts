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

/**
 * Host names and addresses (`store-0.store.monitoring.svc:10901`,
 * `dns+thanos-store:10901`, `/etc/thanos/stores.yaml`): a letter or slash
 * first, no indicator or space, no `:` but before a port. YAML reads them
 * back as themselves unless they are a keyword, so they need no parse, which
 * ConfigMaps of tens of thousands of targets would spend seconds on
 * (test/quote.test.ts holds this to the parse).
 */
const PLAIN_NAME = /^[A-Za-z/][A-Za-z0-9._/+-]*(:[0-9]+)?$/;
/**
 * A flag with such a value (`--store.sd-files=/etc/thanos/sd/query.yaml`):
 * a dash followed by a dash is no indicator, and the text holds no keyword.
 * The wiring writes one per Querier, each a parse before.
 */
const PLAIN_FLAG = /^--[A-Za-z][A-Za-z0-9._-]*(=[A-Za-z0-9/][A-Za-z0-9._/+-]*(:[0-9]+)?)?$/;
const YAML_KEYWORDS = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/** True when `value` can be written as a plain scalar and reads back as the same string. */
export function plainIsSafe(value: string, flow: boolean): boolean {
  if (PLAIN_NAME.test(value) && !YAML_KEYWORDS.test(value.replace(/:[0-9]+$/, ''))) return true;
  if (PLAIN_FLAG.test(value)) return true;
  return plainIsSafeByParse(value, flow);
}

/** The reference: write it, parse it back, compare. */
export function plainIsSafeByParse(value: string, flow: boolean): boolean {
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
