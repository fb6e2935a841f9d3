// Shared helpers for the YAML carrier tests.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Edit, SourceFile, SourceKind } from '../src/model.js';

const candidates = [
  fileURLToPath(new URL('../../fixtures/yaml-units/', import.meta.url)),
  join(process.cwd(), 'fixtures/yaml-units/'),
];
export const FIXTURES = candidates.find((d) => existsSync(d)) ?? candidates[0]!;

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function src(text: string, kind: SourceKind = 'yaml', path = 'test.yaml'): SourceFile {
  return { path, text, kind };
}

/** Apply edits (non-overlapping) from the end of the file backwards. */
export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.span.end > sorted[k - 1]!.span.start) throw new Error('overlapping edits');
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return out;
}

export function lineOf(text: string, pos: number): number {
  return text.slice(0, pos).split('\n').length;
}
