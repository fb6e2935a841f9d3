// Secrets never reach a terminal, a log or a report unless --show-secrets.
// Where they are is found by token upstream (analysis/secrets.ts); this
// module only hides them: a file's own text by the spans found in it, any
// other text by the values found anywhere.

import type { SourceFile } from '../model.js';

/** How every output hides secrets: `inFile` for a text of the input (or its rewrite), `inText` for anything else. */
export interface SecretMask {
  inFile(file: SourceFile): string;
  inText(text: string): string;
}

/** What the finder (analysis/secrets.ts) says about the input. */
export interface FoundSecrets {
  values: readonly string[];
  spansIn(file: SourceFile): readonly { start: number; end: number }[];
}

/** The mask for `found`; null (--show-secrets) masks nothing. */
export function maskFor(found: FoundSecrets | null): SecretMask {
  if (found === null) return { inFile: (file) => file.text, inText: (text) => text };
  return {
    inFile: (file) => maskValues(maskSpans(file.text, found.spansIn(file)), found.values),
    inText: (text) => maskValues(text, found.values),
  };
}

export const MASK = '***';

/** `text` with each span (overlapping ones merged) replaced by `***`. */
export function maskSpans(text: string, spans: readonly { start: number; end: number }[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const span of sorted) {
    if (span.end <= at) continue;
    out += text.slice(at, Math.max(at, span.start)) + (span.start >= at ? MASK : '');
    at = span.end;
  }
  return out + text.slice(at);
}

/** `text` with every occurrence of each value replaced by `***`, longest values first. */
export function maskValues(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of [...values].sort((a, b) => b.length - a.length)) if (out.includes(value)) out = out.split(value).join(MASK);
  return out;
}
