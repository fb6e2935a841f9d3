// Secrets never reach a terminal, a log or a report unless --show-secrets.
// Where they are is found by token upstream (analysis/secrets.ts); this
// module only hides them: a file's own text by the spans found in it, any
// other text by the values found anywhere.

import { orderedEdits, type Edit, type SourceFile, type Span } from '../model.js';

/**
 * How every output hides secrets: `inFile` for a text of the input,
 * `inRewrite` for its rewrite by `edits`, `inText` for anything else.
 */
export interface SecretMask {
  inFile(file: SourceFile): string;
  inRewrite(file: SourceFile, after: string, edits: readonly Edit[]): string;
  inText(text: string): string;
}

/** What the finder (analysis/secrets.ts) says about the input. */
export interface FoundSecrets {
  values: readonly string[];
  spansIn(file: SourceFile): readonly { start: number; end: number }[];
}

/** The mask for `found`; null (--show-secrets) masks nothing. */
export function maskFor(found: FoundSecrets | null): SecretMask {
  if (found === null) return { inFile: (file) => file.text, inRewrite: (_, after) => after, inText: (text) => text };
  const inFile = (file: SourceFile) => maskValues(maskSpans(file.text, found.spansIn(file)), found.values);
  return {
    inFile,
    // The rewrite keeps every byte outside the edits, so its secrets are the file's, moved by the edits before
    // them: searching the rewrite again re-read the whole file (a second of a 10,000-file preview). Where an
    // edit touches a secret, the rewrite is searched as a text of its own.
    inRewrite: (file, after, edits) => {
      const moved = spansThroughEdits(found.spansIn(file), edits);
      return moved ? maskValues(maskSpans(after, moved), found.values) : inFile({ ...file, text: after });
    },
    inText: (text) => maskValues(text, found.values),
  };
}

/** `spans` of a text as they stand in its rewrite by `edits`; null when an edit overlaps one. */
export function spansThroughEdits(spans: readonly Span[], edits: readonly Edit[]): Span[] | null {
  const ordered = orderedEdits(edits);
  const moved: Span[] = [];
  let next = 0;
  let shift = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    // Edits that end by the span's start move it (an insertion at its start goes before it). Edits do not
    // overlap one another, so the next one either overlaps this span or starts at or after its end.
    while (next < ordered.length && ordered[next]!.span.end <= span.start) {
      const edit = ordered[next++]!;
      shift += edit.text.length - (edit.span.end - edit.span.start);
    }
    const edit = ordered[next];
    if (edit && edit.span.start < span.end) return null;
    moved.push({ start: span.start + shift, end: span.end + shift });
  }
  return moved;
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
  return valuesMask(values)(text);
}

/**
 * maskValues over `values`, sorted once: a report masks every message and
 * every string of its data with the same values (66,000 findings sorted
 * the list 300,000 times). With no values it is the identity.
 */
export function valuesMask(values: readonly string[]): (text: string) => string {
  if (values.length === 0) return (text) => text;
  const longestFirst = [...values].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const value of longestFirst) if (out.includes(value)) out = out.split(value).join(MASK);
    return out;
  };
}
