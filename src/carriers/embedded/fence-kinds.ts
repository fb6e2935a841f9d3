// What a Markdown fence holds, from its info string and, for any other or
// no info string, from its text: shell to read, YAML to read, or
// documentation (pasted `--help` output, a flag table, pasted command
// output such as `kubectl describe`) that is reported but never edited.
// The real shapes: thanos docs/components/*.md embed `--help` in a fence
// labelled `$`; blog posts paste `kubectl describe` and Helm values into
// unlabelled fences.

export type FenceKind = 'shell' | 'console' | 'yaml' | 'help output' | 'flag table' | 'command output' | 'other';

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'zsh', 'ksh']);
const CONSOLE_LANGS = new Set(['console', 'shell-session', 'sh-session', 'shellsession', 'terminal']);
const YAML_LANGS = new Set(['yaml', 'yml', 'json']);
/** Info strings that say nothing about the language. */
const TEXT_LANGS = new Set(['', 'text', 'txt', 'plain', 'plaintext', 'none', 'nohighlight', 'output', '$']);

/** A kingpin `--help` flag line: `  -h, --help  Show…`, `      --cluster.peers=CLUSTER.PEERS ...  `. */
const HELP_FLAG_LINE = /^ {2,}(?:-\w, )?--[a-z][\w.-]*(?:=\S*(?: \.\.\.)?)?(?: {2,}\S.*| *)$/;
/** The wrapped description under a help flag line. */
const HELP_DESCRIPTION = /^ {10,}[^\s-]/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
/** `kubectl describe`: `Container ID:  docker://…`, `Image:         improbable/thanos:v0.2.1`. */
const DESCRIBE_LINE = /^\s*[A-Z][A-Za-z]*(?: [A-Za-z]+)*:\s{2,}\S/;
const LOG_LINE = /^\s*(?:level|ts)=\S/;
/** A line YAML can start with: `---`, `...` (a document end, or an elision in docs), `- item`, `key:`. */
const YAML_START = /^(?:(?:---|\s*\.\.\.)\s*$|\s*-(?:\s|$)|\s*["']?[\w./-]+["']?\s*:(?:\s|$))/;

function significantLines(body: string): string[] {
  return body.split('\n').map((line) => line.replace(/\r$/, '')).filter((line) => line.trim() !== '' && !/^\s*#/.test(line));
}

export function isHelpOutput(body: string): boolean {
  if (/^\s*usage: thanos\b/im.test(body)) return true;
  const lines = body.split('\n').map((line) => line.replace(/\r$/, ''));
  const flagLines = lines.filter((line) => HELP_FLAG_LINE.test(line) && !line.trimEnd().endsWith('\\')).length;
  if (/^\s*Flags:\s*$/m.test(body) && flagLines > 0) return true;
  return flagLines >= 3 && lines.some((line) => HELP_DESCRIPTION.test(line));
}

export function isFlagTable(body: string): boolean {
  const rows = body.split('\n').filter((line) => TABLE_ROW.test(line));
  return rows.length >= 2 && rows.some((row) => /--[a-z]/.test(row));
}

export function isCommandOutput(body: string): boolean {
  const lines = body.split('\n');
  return lines.filter((line) => DESCRIBE_LINE.test(line)).length >= 2 || lines.some((line) => LOG_LINE.test(line));
}

/** Raw YAML: it starts like YAML, and most of it is keys, items or their indented continuation. */
export function looksLikeYaml(body: string): boolean {
  const lines = significantLines(body);
  if (lines.length === 0 || !YAML_START.test(lines[0]!)) return false;
  const yamlish = lines.filter((line) => YAML_START.test(line) || /^\s+\S/.test(line)).length;
  return yamlish / lines.length >= 0.8;
}

/** What the fence holds; `hasPrompts`: its shell lines start with `$ `. */
export function fenceKind(lang: string, body: string): FenceKind {
  if (YAML_LANGS.has(lang)) return 'yaml';
  if (isHelpOutput(body)) return 'help output';
  if (SHELL_LANGS.has(lang)) return /^[ \t]*\$ /m.test(body) ? 'console' : 'shell';
  if (CONSOLE_LANGS.has(lang)) return 'console';
  if (isFlagTable(body)) return 'flag table';
  if (isCommandOutput(body)) return 'command output';
  if (looksLikeYaml(body)) return 'yaml';
  if (TEXT_LANGS.has(lang)) return /^[ \t]*\$ /m.test(body) ? 'console' : 'shell';
  return 'other';
}
