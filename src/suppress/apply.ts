// Apply inline and config suppressions to findings.

import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { InlineSuppression } from './inline.js';
import { matchesGlob, type ConfigFile } from './config.js';

export interface Suppressible {
  ruleId: string;
  /** The file's path as the findings name it; also the key of the `inline` map. */
  path: string;
  /** 1-based. */
  line: number;
}

/** `filePath` relative to `dir` with forward slashes, or null when it is outside `dir`. */
function relativeTo(dir: string, filePath: string, cwd: string): string | null {
  const rel = relative(resolve(dir), resolve(cwd, filePath));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return rel.split(sep).join('/');
}

/** `no gossip-port finding`, or `no finding` for `*` / every rule. */
function noFinding(ids: string[]): string {
  const named = ids.filter((id) => id !== '*');
  return named.length === 0 || named.length < ids.length ? 'no finding' : `no ${named.join(', ')} finding`;
}

/**
 * Split findings into kept and suppressed, and list suppressions that matched
 * nothing. Inline suppressions are looked up by `finding.path` in `inline`;
 * config globs are matched against the finding's path relative to
 * `configDir`. When both would suppress a finding, `by` names the inline
 * comment, and both count as used. Inline comments without rule ids
 * (malformed, reported by the caller) suppress nothing and are not listed as
 * unused. `by` is `path:line` for an inline comment and `config-path:line
 * (ignore[i])` for a config entry. Relative finding paths are relative to `cwd`.
 */
export function applySuppressions<T extends Suppressible>(
  findings: T[],
  inline: Map<string, InlineSuppression[]>,
  config: ConfigFile | null,
  configDir: string,
  cwd = process.cwd(),
): { kept: T[]; suppressed: { finding: T; by: string }[]; unused: { path: string; line: number; message: string }[] } {
  const kept: T[] = [];
  const suppressed: { finding: T; by: string }[] = [];
  // per inline suppression: which of its rule ids matched something
  const usedIds = new Map<InlineSuppression, Set<string>>();
  const usedEntries = new Set<number>();

  for (const finding of findings) {
    let by: string | null = null;
    for (const s of inline.get(finding.path) ?? []) {
      if (s.appliesToLine !== finding.line) continue;
      const id = s.ruleIds.includes(finding.ruleId) ? finding.ruleId : s.ruleIds.includes('*') ? '*' : null;
      if (id === null) continue;
      let used = usedIds.get(s);
      if (!used) usedIds.set(s, (used = new Set()));
      used.add(id);
      by ??= `${finding.path}:${s.line}`;
    }
    if (config) {
      const rel = relativeTo(configDir, finding.path, cwd);
      if (rel !== null) {
        config.ignore.forEach((entry, index) => {
          if (entry.rules.length > 0 && !entry.rules.includes(finding.ruleId) && !entry.rules.includes('*')) return;
          if (!entry.paths.some((glob) => matchesGlob(rel, glob))) return;
          usedEntries.add(index);
          by ??= `${config.path}:${entry.line ?? 0} (ignore[${index}])`;
        });
      }
    }
    if (by === null) kept.push(finding);
    else suppressed.push({ finding, by });
  }

  const unused: { path: string; line: number; message: string }[] = [];
  for (const [path, list] of inline) {
    for (const s of list) {
      if (s.ruleIds.length === 0) continue;
      const used = usedIds.get(s);
      const idle = s.ruleIds.filter((id) => !used?.has(id));
      if (idle.length === 0) continue;
      unused.push({
        path,
        line: s.line,
        message: `unused suppression: ${noFinding(idle)} on line ${s.appliesToLine}`,
      });
    }
  }
  if (config) {
    config.ignore.forEach((entry, index) => {
      if (usedEntries.has(index)) return;
      unused.push({
        path: config.path,
        line: entry.line ?? 0,
        message: `unused ignore entry ignore[${index}]: ${noFinding(entry.rules)} under ${entry.paths.join(', ')}`,
      });
    });
  }
  return { kept, suppressed, unused };
}
