// Enough of .gitignore to skip what a repository does not track: globs with
// `*`, `?`, `**`, anchoring by a leading or inner `/`, directory-only
// patterns, and `!` negation, each relative to its .gitignore's folder.

export interface IgnoreRule {
  base: string;
  pattern: RegExp;
  isNegated: boolean;
  isDirectoryOnly: boolean;
}

function globToRegExp(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

export function parseGitignore(base: string, text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const isNegated = line.startsWith('!');
    if (isNegated) line = line.slice(1);
    const isDirectoryOnly = line.endsWith('/');
    if (isDirectoryOnly) line = line.slice(0, -1);
    const isAnchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const body = globToRegExp(line);
    const pattern = new RegExp(isAnchored ? `^${body}$` : `(?:^|/)${body}$`);
    rules.push({ base, pattern, isNegated, isDirectoryOnly });
  }
  return rules;
}

/** `relativePath` uses `/` and is relative to the walk root; `base` likewise. */
export function isIgnored(rules: IgnoreRule[], relativePath: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.isDirectoryOnly && !isDirectory) continue;
    const prefix = rule.base === '' ? '' : `${rule.base}/`;
    if (!relativePath.startsWith(prefix)) continue;
    if (rule.pattern.test(relativePath.slice(prefix.length))) ignored = !rule.isNegated;
  }
  return ignored;
}
