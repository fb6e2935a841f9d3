// Parsed trees per SourceFile (cached), plain or with Helm actions masked.

import type { SourceFile } from '../../model.js';
import { buildTree, type YTree } from './tree.js';
import { maskTemplates } from './template-lines.js';
import { flattenFlows } from './lenient.js';

const cache = new WeakMap<SourceFile, { text: string; masked: boolean; tree: YTree }>();
const helmFiles = new WeakSet<SourceFile>();

/** Remember that `file` was read as a Helm template. */
export function markTemplated(file: SourceFile): void {
  helmFiles.add(file);
}

/** Helm templates: `kind: 'helm'`, read by readHelmTemplateCarriers, or unparsable YAML with `{{`. */
export function isTemplated(file: SourceFile): boolean {
  if (file.kind === 'helm' || helmFiles.has(file)) return true;
  return file.text.includes('{{') && treeOf(file, false).error !== undefined;
}

/** The file's tree; Helm templates are parsed with their actions masked. */
export function treeOf(file: SourceFile, masked?: boolean): YTree {
  const want = masked ?? isTemplated(file);
  const hit = cache.get(file);
  if (hit && hit.text === file.text && hit.masked === want) return hit.tree;
  const base = want ? maskTemplates(file.text) : file.text;
  let tree = buildTree(base, file.text);
  if (tree.error) {
    // multi-line flow collections at a shallow indentation: retry flattened
    const retry = buildTree(flattenFlows(base), file.text);
    if (!retry.error) tree = retry;
  }
  cache.set(file, { text: file.text, masked: want, tree });
  return tree;
}
