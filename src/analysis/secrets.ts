// Where the input holds secrets, found by token, not by a regex over text: a
// text regex missed `--cluster.secret-key` whose value is the next list item,
// sits in a flow or JSON array, or on a continuation line, and knew nothing
// of object-store configs. Secrets are found
// - in argv words: a secret flag and its value word, wherever the carrier
//   put it, and the YAML of inline config flags (`--objstore.config=…`);
// - in the YAML tree: the data of Kubernetes Secrets (block or flow), the
//   credentials of an objstore `config:` (Azure `storage_account_key`, GCS
//   `service_account`, any `*_key`), credential keys and env entries, and
//   YAML or JSON held in a string (a ConfigMap's objstore.yml);
// - in lines of env files, units and scripts: `NAME=value` and `key: value`
//   for credential names;
// - in URLs: the password of `scheme://user:password@host`.
// The spans mask the file's own text (diffs); the values mask every other
// output that may repeat them (messages, reports).

import { load } from 'js-yaml';
import type { SourceFile, Span, Word } from '../model.js';
import { readCarriers } from '../carriers/index.js';
import { yamlTreeOf, type YNode } from '../text/yaml-tree.js';
import { GOSSIP_FLAGS } from '../thanos/gossip-flags.js';

const SECRET_FLAGS = new Set(GOSSIP_FLAGS.filter((flag) => flag.isSecret).map((flag) => flag.name));
/** Flags whose value is a YAML document (`--objstore.config`, `--tracing.config`…; their `-file` forms are paths). */
const INLINE_CONFIG_FLAG = /\.config$/;
/** Keys whose value is a credential wherever they appear. */
const CREDENTIAL_KEY = /pass(?:word|wd|phrase)|secret|token|credential|private[_-]?key|api[_-]?key|access[_-]?key|account[_-]?key/i;
/** Keys that name or point at a credential rather than hold one (`secretName`, `bearer_token_file`, `kms_key_id`). */
const REFERENCE_KEY = /(?:name|ref|file|path|id|_type)$/i;
/** Under an objstore `config:`, every `*_key` and the GCS service account hold a credential too. */
const OBJSTORE_CREDENTIAL_KEY = /_key$|^service_account$|^privatekey$/i;
const SECRET_ENV_NAME = /SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|CREDENTIAL|(?:^|_)KEY$/i;
const YAML_KINDS = new Set(['yaml', 'compose', 'values']);
/** Values shorter than this are masked where they stand, not wherever the text recurs (it would garble the output). */
const MIN_VALUE_LENGTH = 4;
const MAX_NESTED_DOCUMENT = 64 * 1024;

const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:'"]*:([^\s/?#@'"]+)@/gi;
const ASSIGNMENT = /(?<![\w.-])([A-Za-z_][A-Za-z0-9_]*)=("[^"\n]*"|'[^'\n]*'|[^\s"'\\;&|]+)/g;
const KEY_VALUE_LINE = /^[ \t-]*"?([\w.-]+)"?[ \t]*:[ \t]+("[^"\n]*"|'[^'\n]*'|[^\s#][^\n#]*?)[ \t]*$/gm;

interface Found {
  spans: Span[];
  values: Set<string>;
}

const isCredentialKey = (key: string): boolean => CREDENTIAL_KEY.test(key) && !REFERENCE_KEY.test(key);

function unquoted(text: string): string {
  return /^(["']).*\1$/s.test(text) ? text.slice(1, -1) : text;
}

/** A secret where it stands in the file (`span`) and as a value to mask wherever else it appears. */
function addSpan(found: Found, span: Span, value: string): void {
  if (span.end <= span.start) return;
  found.spans.push(span);
  found.values.add(value);
}

// ---- argv words ----------------------------------------------------------

/** The value part of a `--flag=value` word: after `=`, without a closing quote that opened the word. */
function afterEquals(text: string, word: Word): Span {
  const source = text.slice(word.span.start, word.span.end);
  const end = /^["']/.test(source) && source.endsWith(source[0]!) ? word.span.end - 1 : word.span.end;
  return { start: word.span.start + source.indexOf('=') + 1, end };
}

function fromWords(file: SourceFile, words: Word[], found: Found): void {
  words.forEach((word, index) => {
    if (word.file !== file) return;
    const flag = /^--?([a-z][\w.-]*)(=?)/.exec(word.value);
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=./.exec(word.value);
    if (assignment && SECRET_ENV_NAME.test(assignment[1]!)) addSpan(found, afterEquals(file.text, word), word.value.slice(assignment[1]!.length + 1));
    if (!flag) return;
    const next = words[index + 1];
    if (SECRET_FLAGS.has(flag[1]!)) {
      if (flag[2] === '=') addSpan(found, afterEquals(file.text, word), word.value.slice(flag[0].length));
      else if (next && next.file === file) addSpan(found, next.span, next.value);
    } else if (INLINE_CONFIG_FLAG.test(flag[1]!)) {
      const value = flag[2] === '=' ? word.value.slice(flag[0].length) : next?.value;
      if (value !== undefined) fromDocumentText(value, found);
    }
  });
}

// ---- YAML tree -----------------------------------------------------------

function scalarsUnder(node: YNode, out: YNode[] = []): YNode[] {
  if (node.kind === 'scalar') out.push(node);
  else if (node.kind === 'seq') for (const item of node.items) scalarsUnder(item, out);
  else if (node.kind === 'map') for (const pair of node.pairs) scalarsUnder(pair.value, out);
  return out;
}

function scalarValue(node: YNode | undefined): string | undefined {
  return node?.kind === 'scalar' && !node.isNull ? node.value : undefined;
}

function pairValue(node: YNode, key: string): YNode | undefined {
  return node.kind === 'map' ? node.pairs.find((pair) => scalarValue(pair.key) === key)?.value : undefined;
}

function maskNode(node: YNode, found: Found): void {
  for (const scalar of scalarsUnder(node)) if (scalar.kind === 'scalar' && !scalar.isNull) addSpan(found, { start: scalar.contentStart, end: scalar.end }, scalar.value);
}

function fromTree(root: YNode, found: Found): void {
  const stack: { node: YNode; inObjstoreConfig: boolean }[] = [{ node: root, inObjstoreConfig: false }];
  while (stack.length > 0) {
    const { node, inObjstoreConfig } = stack.pop()!;
    if (node.kind === 'seq') for (const item of node.items) stack.push({ node: item, inObjstoreConfig: false });
    if (node.kind === 'scalar' && !node.isNull) fromDocumentText(node.value, found);
    if (node.kind !== 'map') continue;
    const isSecretObject = scalarValue(pairValue(node, 'kind')) === 'Secret';
    const isObjstore = scalarValue(pairValue(node, 'type')) !== undefined && pairValue(node, 'config')?.kind === 'map';
    const envName = scalarValue(pairValue(node, 'name'));
    if (envName !== undefined && SECRET_ENV_NAME.test(envName) && pairValue(node, 'value')) maskNode(pairValue(node, 'value')!, found);
    for (const pair of node.pairs) {
      const key = scalarValue(pair.key) ?? '';
      if ((isSecretObject && (key === 'data' || key === 'stringData')) || isCredentialKey(key) || (inObjstoreConfig && OBJSTORE_CREDENTIAL_KEY.test(key))) {
        maskNode(pair.value, found);
      }
      stack.push({ node: pair.value, inObjstoreConfig: isObjstore && key === 'config' });
    }
  }
}

// ---- YAML or JSON held in a string (a ConfigMap's objstore.yml, a flag's value) ----

function fromParsed(value: unknown, found: Found, inObjstoreConfig = false): void {
  if (Array.isArray(value)) {
    for (const item of value) fromParsed(item, found);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const map = value as Record<string, unknown>;
  const isObjstore = typeof map.type === 'string' && typeof map.config === 'object' && map.config !== null;
  if (typeof map.name === 'string' && SECRET_ENV_NAME.test(map.name) && typeof map.value === 'string') addValue(found, map.value);
  for (const [key, item] of Object.entries(map)) {
    if ((map.kind === 'Secret' && (key === 'data' || key === 'stringData')) || isCredentialKey(key) || (inObjstoreConfig && OBJSTORE_CREDENTIAL_KEY.test(key))) {
      collectStrings(item, found);
    }
    fromParsed(item, found, isObjstore && key === 'config');
  }
}

/** How long a line of a multi-line secret must be to be masked on its own (shorter ones are YAML or JSON punctuation). */
const MIN_LINE_LENGTH = 8;

function addValue(found: Found, value: string): void {
  found.values.add(value);
  // A multi-line secret (a PEM key) held in a string is also masked line by line: its file shows it indented, a line at a time.
  if (value.includes('\n')) for (const line of value.split('\n')) if (line.trim().length >= MIN_LINE_LENGTH) found.values.add(line.trim());
}

function collectStrings(value: unknown, found: Found): void {
  if (typeof value === 'string' || typeof value === 'number') addValue(found, String(value));
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, found);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) collectStrings(item, found);
}

/** A string worth parsing as YAML or JSON: one that could name a credential (most multi-line strings are scripts or prose). */
const MAY_HOLD_CREDENTIAL = /pass(?:word|wd|phrase)|secret|token|credential|_key\b|private.?key|api.?key|access.?key|account.?key/i;

function fromDocumentText(text: string, found: Found): void {
  if (text.length > MAX_NESTED_DOCUMENT || !text.includes(':') || !(/\n/.test(text) || /^\s*\{/.test(text)) || !MAY_HOLD_CREDENTIAL.test(text)) return;
  let parsed: unknown;
  try {
    parsed = load(text, { json: true });
  } catch {
    return;
  }
  fromParsed(parsed, found);
}

// ---- lines of other files, and URLs ----------------------------------------

function fromLines(file: SourceFile, found: Found): void {
  // Scanning resumes inside each value: `Environment='S3_SECRET_KEY=x'` is an assignment within an assignment.
  ASSIGNMENT.lastIndex = 0;
  for (let match = ASSIGNMENT.exec(file.text); match !== null; match = ASSIGNMENT.exec(file.text)) {
    const start = match.index + match[1]!.length + 1;
    ASSIGNMENT.lastIndex = start;
    if (SECRET_ENV_NAME.test(match[1]!)) addSpan(found, { start, end: start + match[2]!.length }, unquoted(match[2]!));
  }
  for (const match of file.text.matchAll(KEY_VALUE_LINE)) {
    if (!isCredentialKey(match[1]!) && !/_key$/i.test(match[1]!)) continue;
    const start = match.index + match[0].lastIndexOf(match[2]!);
    addSpan(found, { start, end: start + match[2]!.length }, unquoted(match[2]!));
  }
}

function fromUrls(file: SourceFile, found: Found): void {
  if (!file.text.includes('@')) return;
  for (const match of file.text.matchAll(URL_PASSWORD)) {
    const end = match.index + match[0].length - 1;
    addSpan(found, { start: end - match[1]!.length, end }, match[1]!);
  }
}

const cache = new WeakMap<SourceFile, { text: string; found: Found }>();

/** The secrets of a file, found by token. */
export function findSecrets(file: SourceFile): Found {
  const hit = cache.get(file);
  if (hit && hit.text === file.text) return hit.found;
  const found: Found = { spans: [], values: new Set() };
  cache.set(file, { text: file.text, found });
  if (file.notEditable === undefined) {
    for (const carrier of readCarriers([file]).carriers) fromWords(file, carrier.words, found);
  }
  if (YAML_KINDS.has(file.kind)) {
    const tree = yamlTreeOf(file);
    for (const doc of tree.error ? [] : tree.docs) if (doc.root) fromTree(doc.root, found);
    if (tree.error) fromLines(file, found);
  } else {
    fromLines(file, found);
  }
  fromUrls(file, found);
  return found;
}

/** Every secret value of `files`, long enough to be masked wherever it recurs: plain data, so it crosses a worker boundary. */
export function secretValues(files: SourceFile[]): string[] {
  const values = new Set<string>();
  for (const file of files) for (const value of findSecrets(file).values) if (value.length >= MIN_VALUE_LENGTH) values.add(value);
  return [...values];
}

/** The secrets of `files`, for output/secrets.ts to mask: every value, and the spans of any text of theirs (or of its rewrite). */
export function secretsOf(files: SourceFile[]): { values: string[]; spansIn(file: SourceFile): Span[] } {
  return { values: secretValues(files), spansIn: (file) => findSecrets(file).spans };
}
