// Template languages wrap real command lines in gossip-era repositories:
// ERB (Puppet units), Jinja (Ansible env files), Go templates (Helm).
// A line that holds only template control tags renders to nothing, so the
// tokenizer treats it as invisible; an `if` block left holding only deleted
// lines is removed with its guard.

export type TemplateDialect = 'erb' | 'jinja' | 'go';

interface ControlTag {
  dialect: TemplateDialect;
  /** opener, middle (else), closer, or neutral (comment, assignment). */
  role: 'open' | 'middle' | 'close' | 'neutral';
}

const ERB_TAG = /<%(?!=)[-#]?([\s\S]*?)-?%>/g;
const JINJA_TAG = /\{%-?([\s\S]*?)-?%\}|\{#[\s\S]*?#\}/g;
const GO_TAG = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;

const GO_CONTROL = /^(if|else|end|with|range|define|block|template|\/\*|\$[\w.]*\s*:?=)/;

function classifyErb(body: string): ControlTag['role'] {
  const code = body.trim();
  if (/^end\b/.test(code)) return 'close';
  if (/^(else|elsif)\b/.test(code)) return 'middle';
  if (/^(if|unless|case|while|until|for)\b/.test(code) || /\bdo(\s*\|[^|]*\|)?\s*$/.test(code)) return 'open';
  return 'neutral';
}

function classifyJinja(body: string): ControlTag['role'] {
  const code = body.trim();
  if (/^end\w+/.test(code)) return 'close';
  if (/^(else|elif)\b/.test(code)) return 'middle';
  if (/^(if|for|macro|block|filter|call|raw|with)\b/.test(code)) return 'open';
  return 'neutral';
}

function classifyGo(body: string): ControlTag['role'] {
  const code = body.trim();
  if (/^end\b/.test(code)) return 'close';
  if (/^else\b/.test(code)) return 'middle';
  if (/^(if|with|range|define|block)\b/.test(code)) return 'open';
  return 'neutral';
}

/**
 * If `line` (without its terminator) consists only of template control tags
 * and whitespace, return the tags' combined role; otherwise null.
 */
export function controlLineRole(line: string): ControlTag | null {
  const trimmed = line.trim();
  if (trimmed === '') return null;
  for (const [dialect, pattern, classify] of [
    ['erb', ERB_TAG, classifyErb],
    ['jinja', JINJA_TAG, classifyJinja],
    ['go', GO_TAG, classifyGo],
  ] as const) {
    pattern.lastIndex = 0;
    const roles: ControlTag['role'][] = [];
    let rest = trimmed;
    const matches = [...trimmed.matchAll(pattern)];
    if (matches.length === 0) continue;
    for (const match of matches) {
      const body = match[1] ?? '';
      if (dialect === 'go' && !GO_CONTROL.test(body.trim())) return null;
      roles.push(match[0].startsWith('{#') ? 'neutral' : classify(body));
      rest = rest.replace(match[0], '');
    }
    if (rest.trim() !== '') return null;
    return { dialect, role: combineRoles(roles) };
  }
  return null;
}

function combineRoles(roles: ControlTag['role'][]): ControlTag['role'] {
  let depth = 0;
  let sawMiddle = false;
  for (const role of roles) {
    if (role === 'open') depth++;
    else if (role === 'close') depth--;
    else if (role === 'middle') sawMiddle = true;
  }
  if (depth > 0) return 'open';
  if (depth < 0) return 'close';
  return sawMiddle ? 'middle' : 'neutral';
}

export interface LineView {
  /** Line text without terminator. */
  text: string;
  isDeleted: boolean;
}

/**
 * Given lines (some already marked deleted), return the indices of control
 * lines that guard only deleted content and can go too. Nested blocks
 * collapse inside out.
 */
export function collapsibleGuardLines(lines: LineView[]): number[] {
  const deleted = lines.map((line) => line.isDeleted);
  const roles = lines.map((line) => (line.isDeleted ? null : controlLineRole(line.text)));
  let changed = true;
  while (changed) {
    changed = false;
    const stack: number[][] = [];
    for (let i = 0; i < lines.length; i++) {
      if (deleted[i]) continue;
      const role = roles[i]?.role;
      if (role === 'open') stack.push([i]);
      else if (role === 'middle') stack[stack.length - 1]?.push(i);
      else if (role === 'close') {
        const block = stack.pop();
        if (!block) continue;
        const open = block[0] ?? i;
        if (!blockHadDeletions(lines, open, i)) continue;
        if (onlyDeletedOrNeutral(open, i, block, deleted, roles, lines)) {
          for (let index = open; index <= i; index++) deleted[index] = true;
          changed = true;
        }
      }
    }
  }
  const result: number[] = [];
  deleted.forEach((isDeleted, i) => {
    if (isDeleted && !lines[i]?.isDeleted) result.push(i);
  });
  return result;
}

function blockHadDeletions(lines: LineView[], open: number, close: number): boolean {
  for (let i = open + 1; i < close; i++) if (lines[i]?.isDeleted) return true;
  return false;
}

function onlyDeletedOrNeutral(
  open: number,
  close: number,
  ownLines: number[],
  deleted: boolean[],
  roles: (ControlTag | null)[],
  lines: LineView[],
): boolean {
  for (let i = open + 1; i < close; i++) {
    if (deleted[i] || ownLines.includes(i)) continue;
    // Blank lines and comments inside a block that guarded only deleted lines go with it.
    if (roles[i]?.role === 'neutral' || lines[i]?.text.trim() === '') continue;
    return false;
  }
  return true;
}
