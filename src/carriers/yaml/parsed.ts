// Parsed trees per SourceFile (cached), plain or with Helm actions masked.

import type { SourceFile } from '../../model.js';
import { buildLenientTree, yamlTreeOf, type YTree } from '../../text/yaml-tree.js';
import { maskTemplates } from './template-lines.js';
import { cachedByText } from '../../text/cached-by-text.js';

/** A Helm template's tree, parsed with its actions masked and its values read from the text as written. */
const maskedTreeOf = cachedByText((text) => buildLenientTree(maskTemplates(text), text));
const helmFiles = new WeakSet<SourceFile>();
const bracesCache = new WeakMap<SourceFile, { text: string; hasBraces: boolean }>();

/** Remember that `file` was read as a Helm template. */
export function markTemplated(file: SourceFile): void {
  helmFiles.add(file);
}

/** Helm templates: `kind: 'helm'`, read by readHelmTemplateCarriers, or unparsable YAML with `{{`. */
export function isTemplated(file: SourceFile): boolean {
  if (file.kind === 'helm' || helmFiles.has(file)) return true;
  // Asked once per edit: a search of a large file's text each time made its edits quadratic.
  const known = bracesCache.get(file);
  const hasBraces = known !== undefined && known.text === file.text ? known.hasBraces : file.text.includes('{{');
  if (known === undefined || known.text !== file.text) bracesCache.set(file, { text: file.text, hasBraces });
  return hasBraces && treeOf(file, false).error !== undefined;
}

/** The file's tree; Helm templates are parsed with their actions masked. */
export function treeOf(file: SourceFile, masked?: boolean): YTree {
  if (!(masked ?? isTemplated(file))) return yamlTreeOf(file);
  return maskedTreeOf(file);
}
