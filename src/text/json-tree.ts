// The one positioned JSON reader: strict RFC 8259, as Go's encoding/json
// reads a file_sd `.json` file (no BOM, no comments, no trailing commas), into
// the same nodes as the YAML tree, so one set of readers (yaml-data.ts) walks
// both. Strings are double-quoted scalars, literals plain ones; offsets follow
// the contract in model.ts. Errors carry the offending offset.

import { SCALAR_STYLE } from 'js-yaml';
import type { YMap, YNode, YPair, YScalar, YSeq } from './yaml-tree.js';

export type JsonRead = { root: YNode | null } | { error: { message: string; pos: number } };

export type JsonType = 'string' | 'number' | 'boolean' | 'null';

/** The JSON type of a scalar the reader built. */
export function jsonTypeOf(s: YScalar): JsonType {
  if (s.style !== SCALAR_STYLE.PLAIN) return 'string';
  if (s.value === 'true' || s.value === 'false') return 'boolean';
  return s.value === 'null' ? 'null' : 'number';
}

class JsonError extends Error {
  constructor(message: string, readonly pos: number) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function scalar(start: number, end: number, style: number, valueStart: number, valueEnd: number, value: string): YScalar {
  return { kind: 'scalar', start, end, contentStart: start, style, valueStart, valueEnd, value, isNull: false };
}

/** Parse `text` as one JSON value; a top-level `null` reads as no document. */
export function readJsonTree(text: string): JsonRead {
  let p = 0;
  const describe = (at: number): string => (at >= text.length ? 'end of input' : JSON.stringify(text[at]));
  const ws = (): void => {
    while (p < text.length && (text[p] === ' ' || text[p] === '\t' || text[p] === '\n' || text[p] === '\r')) p++;
  };
  const fail = (expected: string): never => {
    if (p >= text.length) throw new JsonError('unexpected end of JSON input', p);
    throw new JsonError(`unexpected ${describe(p)}, expected ${expected}`, p);
  };

  function str(): YScalar {
    const start = p;
    p++; // opening quote
    let out = '';
    for (;;) {
      if (p >= text.length) throw new JsonError('unexpected end of JSON input (unterminated string)', p);
      const c = text[p]!;
      if (c === '"') {
        p++;
        return scalar(start, p, SCALAR_STYLE.DOUBLE_QUOTED, start + 1, p - 1, out);
      }
      if (c < ' ') throw new JsonError('control character in string literal', p);
      if (c === '\\') {
        const e = text[p + 1];
        if (e !== undefined && ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
          p += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(p + 2, p + 6))) {
          out += String.fromCharCode(parseInt(text.slice(p + 2, p + 6), 16));
          p += 6;
        } else {
          throw new JsonError('invalid escape in string literal', p);
        }
        continue;
      }
      out += c;
      p++;
    }
  }

  function object(): YMap {
    const n: YMap = { kind: 'map', flow: true, start: p, end: p, contentStart: p, pairs: [] };
    p++;
    ws();
    if (text[p] !== '}') {
      for (;;) {
        ws();
        if (text[p] !== '"') fail('a string (object key)');
        const key = str();
        ws();
        if (text[p] !== ':') fail("':' after object key");
        p++;
        const item = value();
        const pair: YPair = { start: key.start, end: item.end, key, value: item };
        n.pairs.push(pair);
        ws();
        if (text[p] === ',') {
          p++;
          continue;
        }
        if (text[p] === '}') break;
        fail("',' or '}' after object value");
      }
    }
    n.end = ++p;
    return n;
  }

  function array(): YSeq {
    const n: YSeq = { kind: 'seq', flow: true, start: p, end: p, contentStart: p, items: [] };
    p++;
    ws();
    if (text[p] !== ']') {
      for (;;) {
        n.items.push(value());
        ws();
        if (text[p] === ',') {
          p++;
          continue;
        }
        if (text[p] === ']') break;
        fail("',' or ']' after array element");
      }
    }
    n.end = ++p;
    return n;
  }

  function value(): YNode {
    ws();
    const c = text[p];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return str();
    const start = p;
    const literal = LITERALS.find((lit) => text.startsWith(lit, p));
    if (literal) {
      p += literal.length;
      return scalar(start, p, SCALAR_STYLE.PLAIN, start, p, literal);
    }
    NUMBER.lastIndex = p;
    const m = NUMBER.exec(text);
    if (m) {
      p += m[0].length;
      return scalar(start, p, SCALAR_STYLE.PLAIN, start, p, m[0]);
    }
    return fail('a value');
  }

  try {
    if (text.charCodeAt(0) === 0xfeff) throw new JsonError('a byte order mark is not allowed at the start of JSON', 0);
    ws();
    if (p >= text.length) throw new JsonError('unexpected end of JSON input', p);
    const root = value();
    ws();
    if (p < text.length) throw new JsonError(`unexpected ${describe(p)} after top-level value`, p);
    return { root: root.kind === 'scalar' && jsonTypeOf(root) === 'null' ? null : root };
  } catch (e) {
    if (e instanceof JsonError) return { error: { message: e.message, pos: e.pos } };
    throw e;
  }
}
