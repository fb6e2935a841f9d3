// The acceptance checks over one deployment folder (used by the corpus run
// and by the accounting test over every fixture): the tool does not crash;
// every gossip flag a plain token scan finds on a command line is accounted
// for exactly once (removed, kept, manual; left alone on other programs'
// lines); every gossip leftover is reported; every planned edit removes only
// gossip and adds only discovery wiring; a second run is a no-op.

import { DEFAULT_MIGRATION_OPTIONS, loadSources, planMigration, type MigrationOptions, type SourceFile } from '../src/index.js';
import { dirname, join, normalize } from 'node:path';
import { lineColumnAt } from '../src/argv/text-lines.js';
import { isInComment } from '../src/rules/gossip-flag-manual.js';
import { EARLY_FLAGS } from '../src/thanos/early-flags.js';

const GOSSIP_TOKEN = /--(?:no-)?(?:cluster\.[a-z-]+|grpc-advertise-address|http-advertise-address)\b/g;

function isThanosLine(line: string): boolean {
  // Alertmanager's --cluster.* flags are not ours; a line naming alertmanager is out of scope.
  return !/alertmanager/i.test(line);
}

export interface AcceptanceResult {
  failures: string[];
  summary: string;
  notes: string[];
}

export async function checkDeployment(dir: string, options: MigrationOptions = DEFAULT_MIGRATION_OPTIONS): Promise<AcceptanceResult> {

  const failures: string[] = [];
  const notes: string[] = [];
  const loaded = await loadSources([dir]);
  const plan = planMigration(loaded.files, options, () => null);
  const unreadable = new Set([...loaded.problems, ...plan.problems].map((p) => p.path));
  for (const problem of [...loaded.problems, ...plan.problems]) notes.push(`reported: ${problem.path}: ${problem.message}`);
  const accounted = new Set(plan.accounting.map((a) => `${a.file.path}:${lineColumnAt(a.file, a.span.start).line}`));
  const reported = new Set<string>();
  for (const finding of plan.findings) {
    const last = lineColumnAt(finding.file, Math.max(finding.span.start, finding.span.end - 1)).line;
    for (let line = lineColumnAt(finding.file, finding.span.start).line; line <= last; line++) reported.add(`${finding.file.path}:${line}`);
  }
  // Lines inside a planned removal are covered too (a peers Service document, a port item).
  const edited = new Set<string>();
  for (const change of plan.changes) {
    for (const edit of change.edits) {
      const first = lineColumnAt(edit.file, edit.span.start).line;
      const last = lineColumnAt(edit.file, Math.max(edit.span.start, edit.span.end - 1)).line;
      for (let line = first; line <= last; line++) edited.add(`${edit.file.path}:${line}`);
    }
  }
  let leftovers = 0;
  for (const file of loaded.files) {
    // Leftovers are configuration (ports, Services, values); a runbook's prose about port 10900 is not one.
    if ((file.kind as string) === 'markdown') continue;
    file.text.split('\n').forEach((line, index) => {
      // Gossip leftovers: the gossip port and `peers:` settings, outside comments and Alertmanager lines.
      if (!/\b10900\b|^\s*peers:/.test(line.replace(/(^|\s)(#|\/\/).*$/, '')) || !isThanosLine(line)) return;
      leftovers++;
      const key = `${file.path}:${index + 1}`;
      if (accounted.has(key) || reported.has(key) || edited.has(key)) return;
      failures.push(`${key}: gossip leftover not reported: ${line.trim()}`);
    });
  }
  // Exactly once: the scan's count per line equals the report's count per line.
  const scanned = new Map<string, number>();
  let occurrences = 0;
  for (const file of loaded.files) {
    file.text.split('\n').forEach((line, index) => {
      if (!isThanosLine(line)) return;
      const lineStart = file.text.split('\n').slice(0, index).reduce((sum, l) => sum + l.length + 1, 0);
      for (const match of line.matchAll(GOSSIP_TOKEN)) {
        if (isInComment(file.text, lineStart + match.index!)) continue;
        occurrences++;
        const key = `${file.path}:${index + 1}`;
        scanned.set(key, (scanned.get(key) ?? 0) + 1);
      }
    });
  }
  const counted = new Map<string, number>();
  for (const account of plan.accounting) {
    if (account.outcome === 'left-alone' || !account.flag.startsWith('--')) continue;
    const key = `${account.file.path}:${lineColumnAt(account.file, account.span.start).line}`;
    counted.set(key, (counted.get(key) ?? 0) + 1);
  }
  for (const key of new Set([...scanned.keys(), ...counted.keys()])) {
    const seen = scanned.get(key) ?? 0;
    const reportedCount = counted.get(key) ?? 0;
    if (seen !== reportedCount) {
      const file = key.slice(0, key.lastIndexOf(':'));
      failures.push(`${key}: ${seen} gossip flag(s) on the line, ${reportedCount} accounted for${unreadable.has(file) ? ' (file reported unreadable)' : ''}`);
    }
  }
  // Every planned edit is checked, not the diff: a removed span must hold gossip
  // (or a `$VAR` whose definition held only gossip, a guard, layout) and an
  // inserted text must be discovery wiring.
  const gossipVariables = new Set<string>();
  for (const change of plan.changes) {
    for (const edit of change.edits) {
      const removed = edit.file.text.slice(edit.span.start, edit.span.end);
      for (const line of removed.split('\n')) {
        const assignment = /^\s*(?:export\s+)?([A-Za-z_]\w*)=/.exec(line);
        if (assignment && hasGossipToken(line)) gossipVariables.add(assignment[1]!);
      }
    }
  }
  // A file the migration empties leaves the kustomizations that list it.
  const emptied = new Set(plan.changes.filter((c) => c.before !== null && c.before.trim() !== '' && c.after.trim() === '').map((c) => normalize(c.path)));
  const isEmptiedResource = (file: SourceFile, chunk: string) =>
    chunk.split('\n').every((line) => {
      if (/^\s*(?:resources:\s*)?$/.test(line)) return true;
      const entry = /^\s*-?\s*["']?([^\s"',#\]]+)["']?\s*,?\s*(?:#.*)?$/.exec(line);
      return entry !== null && emptied.has(normalize(join(dirname(file.path), entry[1]!)));
    });
  for (const change of plan.changes) {
    for (const edit of change.edits) {
      const removed = edit.file.text.slice(edit.span.start, edit.span.end);
      const at = `${edit.file.path}:${lineColumnAt(edit.file, edit.span.start).line}`;
      // A flag of Thanos before v0.1 renamed in place (--api-address -> --grpc-address) keeps its value.
      if (EARLY_FLAGS.some((flag) => flag.name === removed && flag.renamedTo === edit.text)) continue;
      if (removed !== '' && !isGossipRemoval(removed, gossipVariables) && !isEmptiedResource(edit.file, removed)) failures.push(`${at}: removes something that is not gossip: ${JSON.stringify(removed)}`);
      if (edit.text !== '' && !isDiscoveryAddition(edit.text)) failures.push(`${at}: adds something that is not discovery wiring: ${JSON.stringify(edit.text)}`);
    }
  }
  const rewritten: SourceFile[] = loaded.files.map((file) => {
    const change = plan.changes.find((c) => c.source === file);
    return change ? { ...file, text: change.after } : file;
  });
  const again = planMigration(rewritten, options, () => null);
  for (const change of again.changes.filter((c) => c.before !== null)) failures.push(`${change.path}: second run changes it again`);
  const summary =
    `${loaded.files.length} files, ${occurrences} gossip flags, ${leftovers} leftover lines, ${plan.accounting.length} accounted, ` +
    `${plan.changes.length} changes, ${failures.length} failures`;
  return { failures, summary, notes };
}

function hasGossipToken(text: string): boolean {
  GOSSIP_TOKEN.lastIndex = 0;
  const found = GOSSIP_TOKEN.test(text);
  GOSSIP_TOKEN.lastIndex = 0;
  return found;
}

/**
 * A removed chunk is gossip: a gossip flag, a gossip leftover (port 10900,
 * a `cluster` port, spec.thanos.peers), a `$VAR` that held only gossip, a
 * template guard, or layout.
 */
function isGossipRemoval(chunk: string, gossipVariables: Set<string>): boolean {
  if (hasGossipToken(chunk) || /\b10900\b|name: *cluster\b|^\s*peers:/m.test(chunk)) return true;
  const residue = chunk
    .replace(/\$\{?([A-Za-z_]\w*)\}?/g, (whole, name: string) => (gossipVariables.has(name) ? '' : whole))
    .replace(/<%[\s\S]*?%>|\{%[\s\S]*?%\}|\{\{-?\s*(?:if|else|end|with|range)\b[\s\S]*?\}\}/g, '');
  return /^[\s\\]*$/.test(residue);
}

/** An added chunk is a discovery flag, layout (`\\`, blanks, a joined `&`), or `{}` for a mapping emptied of gossip keys. */
const DISCOVERY_FLAG = /["']?--(?:store\.sd-files|query\.sd-files|endpoint\.sd-config-file|store|query|endpoint)=(?:"\$\(dirname "\$0"\)\/[^"]+"|"[^"]*"|'[^']*'|[^\s,\]"']+)["']?/g;
const WIRING_LINE = /^\s*(?:-\s*)?(?:volumes:|volumeMounts:|name: [\w-]*-sd|configMap:|name: [\w.-]*-sd|mountPath: \/etc\/thanos\/sd|readOnly: true|\.\/thanos-[\w.-]+:\/etc\/thanos\/[\w.-]+:ro)\s*$/;

/**
 * An added chunk is discovery wiring: a discovery flag, a volume and mount of
 * an `*-sd` ConfigMap, a compose bind mount of a thanos SD file, a new
 * ConfigMap or headless Service document, `{}` for a mapping emptied of
 * gossip keys, or layout (blanks, `\\`, `&`, list punctuation).
 */
function isDiscoveryAddition(chunk: string): boolean {
  if (/^(---\s*)?\n?apiVersion: v1\nkind: (ConfigMap|Service)\n/m.test(chunk) && /kind: ConfigMap[\s\S]*-sd\n|kind: Service[\s\S]*clusterIP: None/.test(chunk)) return true;
  const residue = chunk
    .replace(DISCOVERY_FLAG, '')
    .split('\n')
    .filter((line) => !WIRING_LINE.test(line))
    .join('\n');
  return /^[\s\\&,\-[\]]*$/.test(residue) || residue.trim() === '{}';
}
