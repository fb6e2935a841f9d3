// YAML that lives inside another file, read alone as a file of its own (a
// view) and moved back onto its host: a Markdown fence or a heredoc fed to
// `kubectl apply -f -` (embedded/yaml-block.ts), a kustomize patch written
// inline in its kustomization (yaml/inline-patch.ts). What the YAML carriers
// find in the view is re-addressed to the host: spans by the block's offset,
// and the edits an editor computes on the view.

import type { ArgvCarrier, ArgvEditor, CarrierContext, Edit, SourceFile, Span, Word } from '../model.js';
import { lineColumnAt } from '../argv/text-lines.js';

/**
 * One block of the host as the YAML carriers read it: its text alone, at
 * `offset` in the host, counting the host's lines before it. The block
 * starts a line (after a fence, a heredoc opener, a `patch: |-` header), so
 * its lines, indents and line breaks are the host's.
 */
export interface BlockView {
  file: SourceFile;
  offset: number;
}

export function blockView(file: SourceFile, body: Span): BlockView {
  const linesBefore = lineColumnAt(file, body.start).line - 1;
  return { file: { path: file.path, text: file.text.slice(body.start, body.end), kind: 'yaml', ...(linesBefore > 0 ? { linesBefore } : {}) }, offset: body.start };
}

export const onHostSpan = (view: BlockView, span: Span): Span => ({ start: span.start + view.offset, end: span.end + view.offset });

/** Edits computed on the view, addressed to the host; `label` names the block in the error an edit outside it raises. */
export function rehome(host: SourceFile, view: BlockView, edits: Edit[], label: string): Edit[] {
  return edits.map((edit) => {
    // An edit reaching outside the block would be a bug: refuse it.
    if (edit.file !== view.file || edit.span.start < 0 || edit.span.end > view.file.text.length) throw new Error(`${host.path}: a YAML edit reaches outside the ${label}`);
    return { ...edit, file: host, span: onHostSpan(view, edit.span) };
  });
}

/**
 * A YAML carrier read from the view, re-homed on the host file with
 * `context`: words are copies naming the host at host offsets, and the
 * editor's edits (computed on the view, whose text is the block's) are
 * re-addressed to the host.
 */
export function carrierOnHost(host: SourceFile, view: BlockView, carrier: ArgvCarrier, context: CarrierContext, label: string): ArgvCarrier {
  const words: Word[] = carrier.words.map((word) => ({ ...word, file: host, span: onHostSpan(view, word.span) }));
  const original = (word: Word): Word => carrier.words[words.indexOf(word)] ?? word;
  const editor: ArgvEditor = {
    removeWords: (removed) => rehome(host, view, carrier.editor.removeWords(removed.map(original)), label),
    insertAfter: (anchor, args) => rehome(host, view, carrier.editor.insertAfter(original(anchor), args), label),
  };
  return { ...carrier, file: host, words, context, editor };
}
