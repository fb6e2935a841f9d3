// Splitting of docker-compose string `command:`/`entrypoint:` values, with
// each token mapped back to its offsets in the file. Compose splits these
// with shlex rules (quotes and backslashes, no operators, no comments), not
// as a shell would: `a;b` is one word there. Hence a splitter of its own
// beside the shell tokenizer in src/argv.

import type { Span } from '../../model.js';

export interface ShellToken extends Span {
  /** Token after quote removal; `${VAR}`/`$VAR` kept verbatim. */
  value: string;
}

/**
 * Split `src` (the exact file text of a scalar whose bytes equal its value)
 * into tokens; offsets are shifted by `base`. Returns an error string on an
 * unterminated quote.
 */
export function splitShellWords(src: string, base: number): ShellToken[] | string {
  const out: ShellToken[] = [];
  let i = 0;
  while (i < src.length) {
    while (i < src.length && /\s/.test(src[i]!)) i++;
    if (i >= src.length) break;
    const start = i;
    let value = '';
    while (i < src.length && !/\s/.test(src[i]!)) {
      const c = src[i]!;
      if (c === "'") {
        const close = src.indexOf("'", i + 1);
        if (close < 0) return `unterminated single quote at offset ${base + i}`;
        value += src.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        i++;
        for (;;) {
          if (i >= src.length) return `unterminated double quote at offset ${base + start}`;
          const d = src[i]!;
          if (d === '"') { i++; break; }
          if (d === '\\' && i + 1 < src.length && /["\\$`]/.test(src[i + 1]!)) {
            value += src[i + 1];
            i += 2;
            continue;
          }
          value += d;
          i++;
        }
      } else if (c === '\\' && i + 1 < src.length) {
        value += src[i + 1];
        i += 2;
      } else if (c === '$' && src[i + 1] === '{') {
        const close = src.indexOf('}', i);
        const end = close < 0 ? src.length : close + 1;
        value += src.slice(i, end);
        i = end;
      } else {
        value += c;
        i++;
      }
    }
    out.push({ start: base + start, end: base + i, value });
  }
  return out;
}

/** A token for `value` that splits back to exactly `value`. */
export function shellQuote(value: string, avoid: "'" | '"' | null): string {
  if (/^[A-Za-z0-9_\-.,:/=@%+]+$/.test(value)) return value;
  if (avoid !== "'" && !value.includes("'")) return `'${value}'`;
  return '"' + value.replace(/["\\$`]/g, (m) => '\\' + m) + '"';
}
