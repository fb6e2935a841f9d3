// The acceptance checks over one deployment folder (used by the corpus run
// and by the accounting test over every fixture): the tool does not crash;
// every gossip token an independent scan finds in any text file on disk
// (read or not) has exactly one account, and that account holds: removed
// under a planned edit, manual under an error finding, documentation under
// an info finding, left alone naming whose it is; every gossip leftover is
// reported; every planned edit removes only gossip and adds only discovery
// wiring; a second run is a no-op.

import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { DEFAULT_MIGRATION_OPTIONS, loadSources, planMigration, type LoadedSources, type MigrationOptions, type MigrationPlan, type SourceFile } from '../src/index.js';
import { lineColumnAt } from '../src/argv/text-lines.js';
import { discoverFiles } from '../src/sources/discover.js';
import { looksLikeGossipVariable } from '../src/thanos/vocabulary.js';
import { EARLY_FLAGS } from '../src/thanos/early-flags.js';

// Written apart from the engine's scanner on purpose: a token the engine's
// scan misses must still show up here.
const FLAG_TOKEN = /--cluster\.|--no-cluster\.|--grpc-advertise-address|--http-advertise-address/g;

function isThanosLine(line: string): boolean {
  // Alertmanager's gossip port and peers are not ours: leftovers on its lines are out of scope.
  return !/alertmanager/i.test(line);
}

export interface AcceptanceResult {
  failures: string[];
  summary: string;
  notes: string[];
}

/** Offsets of every gossip token in a text: the flag names, and `peers:` keys whose parent key is `thanos`. */
export function scanGossipTokens(text: string): number[] {
  const offsets: number[] = [];
  for (const match of text.matchAll(FLAG_TOKEN)) offsets.push(match.index!);
  const lines = text.split('\n');
  let lineStart = 0;
  const starts = lines.map((line) => {
    const start = lineStart;
    lineStart += line.length + 1;
    return start;
  });
  const indentOf = (line: string) => line.length - line.replace(/^[\s-]*/, '').length;
  lines.forEach((line, index) => {
    if (!/^[\s-]*["']?peers["']?\s*:/.test(line)) return;
    for (let above = index - 1; above >= 0; above--) {
      const candidate = lines[above]!;
      if (/^\s*($|#|\/\/|\{\{.*\}\}\s*$|\{%.*%\}\s*$|<%.*%>\s*$)/.test(candidate) || indentOf(candidate) >= indentOf(line)) continue;
      const key = /^[\s-]*["']?([\w.-]+)["']?\s*\+?:/.exec(candidate);
      if (!key) continue;
      if (key[1] === 'thanos') offsets.push(starts[index]! + line.indexOf('peers'));
      return;
    }
  });
  return offsets.sort((a, b) => a - b);
}

/** Every file under `dir` that decodes as text, as the user's disk has it (no prefilter). */
async function textFilesOnDisk(dir: string): Promise<{ path: string; text: string }[]> {
  const files: { path: string; text: string }[] = [];
  for (const entry of await discoverFiles([dir])) {
    if (entry.skipReason) continue;
    const bytes = readFileSync(entry.path);
    if (bytes.subarray(0, 8192).includes(0)) continue;
    files.push({ path: entry.path, text: bytes.toString('utf8') });
  }
  return files;
}

/** Only the token invariant, for folders that hold inputs next to expected outputs (unit-test fixtures). */
export async function checkTokens(dir: string, options: MigrationOptions = DEFAULT_MIGRATION_OPTIONS): Promise<string[]> {
  const loaded = await loadSources([dir]);
  const plan = planMigration(loaded.files, options, () => null);
  return auditTokens(await textFilesOnDisk(dir), loaded, plan, options).failures;
}

export async function checkDeployment(dir: string, options: MigrationOptions = DEFAULT_MIGRATION_OPTIONS): Promise<AcceptanceResult> {
  const loaded = await loadSources([dir]);
  const plan = planMigration(loaded.files, options, () => null);
  return auditPlan(await textFilesOnDisk(dir), loaded, plan, options);
}

/** The checks over a plan, separate from making it so a test can hand in a broken one (the negative control). */
export function auditPlan(onDisk: { path: string; text: string }[], loaded: LoadedSources, plan: MigrationPlan, options: MigrationOptions = DEFAULT_MIGRATION_OPTIONS): AcceptanceResult {
  const failures: string[] = [];
  const notes: string[] = [];
  for (const problem of [...loaded.problems, ...plan.problems]) notes.push(`reported: ${problem.path}: ${problem.message}`);
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
  const accounted = new Set(plan.accounting.map((a) => `${a.file.path}:${lineColumnAt(a.file, a.span.start).line}`));
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
  const tokens = auditTokens(onDisk, loaded, plan, options);
  failures.push(...tokens.failures);
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
    `${loaded.files.length} files, ${tokens.occurrences} gossip tokens, ${leftovers} leftover lines, ${plan.accounting.length} accounted, ` +
    `${plan.changes.length} changes, ${failures.length} failures`;
  return { failures, summary, notes };
}

/**
 * The invariant alone: each gossip token on disk has exactly one account,
 * and it holds (removed under an edit and an error, manual under an error,
 * documentation under an info, left alone naming whose).
 */
export function auditTokens(onDisk: { path: string; text: string }[], loaded: LoadedSources, plan: MigrationPlan, options: MigrationOptions = DEFAULT_MIGRATION_OPTIONS): { failures: string[]; occurrences: number } {
  const failures: string[] = [];
  const unreadable = new Set([...loaded.problems, ...plan.problems].map((p) => p.path));
  const loadedByPath = new Map(loaded.files.map((file) => [file.path, file]));
  let occurrences = 0;
  for (const { path, text } of onDisk) {
    const offsets = scanGossipTokens(text);
    if (offsets.length === 0) continue;
    const file = loadedByPath.get(path);
    if (!file) {
      if (!unreadable.has(path)) failures.push(`${path}: holds ${offsets.length} gossip token(s) but was never read`);
      continue;
    }
    for (const offset of offsets) {
      occurrences++;
      const at = offset;
      const where = `${path}:${lineColumnAt(file, at).line}:${lineColumnAt(file, at).column}`;
      const accounts = plan.accounting.filter((a) => a.file === file && a.span.start <= at && at < a.span.end);
      if (accounts.length !== 1) {
        failures.push(`${where}: ${accounts.length} accounts for one gossip token${unreadable.has(path) ? ' (file reported unreadable)' : ''}`);
        continue;
      }
      const account = accounts[0]!;
      const covering = (severity: string) => plan.findings.some((f) => f.file === file && f.severity === severity && f.span.start <= at && at < Math.max(f.span.end, f.span.start + 1));
      const isEdited = plan.changes.some((change) => change.source === file && change.edits.some((edit) => edit.span.start <= at && at < edit.span.end));
      if (account.outcome === 'removed' && !(isEdited && covering('error'))) failures.push(`${where}: accounted removed, but ${isEdited ? 'no error finding says so' : 'no planned edit removes it'}`);
      if (account.outcome === 'manual' && !covering('error') && !unreadable.has(path)) failures.push(`${where}: accounted manual without an error finding: check would pass over it`);
      if (account.outcome === 'documentation' && !covering('info')) failures.push(`${where}: accounted documentation without an info finding`);
      if (account.outcome === 'kept' && !options.keepGossip) failures.push(`${where}: kept without --keep-gossip`);
      if (account.outcome === 'left-alone' && !account.owner) failures.push(`${where}: left alone without naming whose it is`);
    }
  }
  return { failures, occurrences };
}

function hasGossipToken(text: string): boolean {
  return scanGossipTokens(text).length > 0;
}

/** Lines of an SD file the tool renders: its header and provenance comments, the file_sd list, the endpoint config. */
const SD_FILE_LINE = /^\s*(?:# .*|- targets:|endpoints:|- (?:address: )?"?[\w.:+\[\]$-]+"?)\s*$/;

/** A Nomad task's template stanza writing an SD file into the task directory, nothing else. */
function isNomadSdTemplate(chunk: string): boolean {
  const lines = chunk.split('\n').filter((line) => line.trim() !== '');
  const head = ['template {', 'destination = "local/thanos-', 'change_mode = "noop"', 'data        = <<-'];
  if (lines.length < 7 || !head.every((start, i) => lines[i]!.trim().startsWith(start)) || lines[lines.length - 1]!.trim() !== '}') return false;
  const marker = /<<-(\w+)$/.exec(lines[3]!.trim())?.[1];
  return lines[lines.length - 2]!.trim() === marker && lines.slice(4, -2).every((line) => SD_FILE_LINE.test(line)) && /written by thanos-gossip-migrate/.test(lines[4]!);
}

/**
 * A removed chunk is gossip: a gossip flag, a gossip leftover (port 10900,
 * a `cluster` port, spec.thanos.peers), a `$VAR` that held only gossip or
 * has a gossip name (a dead ExecStart slot), a template guard, or layout.
 */
function isGossipRemoval(chunk: string, gossipVariables: Set<string>): boolean {
  if (hasGossipToken(chunk) || /\b10900\b|name: *cluster\b|^\s*peers:/m.test(chunk)) return true;
  const residue = chunk
    .replace(/\$\{?([A-Za-z_]\w*)\}?/g, (whole, name: string) => (gossipVariables.has(name) || looksLikeGossipVariable(name) ? '' : whole))
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
  if (isNomadSdTemplate(chunk)) return true;
  const residue = chunk
    .replace(DISCOVERY_FLAG, '')
    .split('\n')
    .filter((line) => !WIRING_LINE.test(line))
    .join('\n');
  return /^[\s\\&,\-[\]]*$/.test(residue) || residue.trim() === '{}';
}
