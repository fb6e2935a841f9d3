// Acceptance run over ../shared/corpus (real gossip-era files): for each
// project folder, as one deployment, check that the tool does not crash,
// that every gossip flag a plain token scan finds is accounted for (removed,
// kept, manual, left alone),
// that rewritten files differ only in lines holding gossip flags (or their
// template guards and continuations), and that a second run is a no-op.
// Exits non-zero on any violation; prints one line per project.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MIGRATION_OPTIONS, loadSources, planMigration, type SourceFile } from '../src/index.js';
import { lineColumnAt } from '../src/argv/text-lines.js';

const GOSSIP_TOKEN = /--(?:no-)?(?:cluster\.[a-z-]+|grpc-advertise-address|http-advertise-address)\b/g;

const options = DEFAULT_MIGRATION_OPTIONS;

function isThanosLine(line: string): boolean {
  // Alertmanager's --cluster.* flags are not ours; a line naming alertmanager is out of scope.
  return !/alertmanager/i.test(line);
}

async function checkProject(dir: string): Promise<string[]> {
  const failures: string[] = [];
  const loaded = await loadSources([dir]);
  const plan = planMigration(loaded.files, options, () => null);
  const unreadable = new Set([...loaded.problems, ...plan.problems].map((p) => p.path));
  for (const problem of [...loaded.problems, ...plan.problems]) console.log(`  reported: ${problem.path}: ${problem.message}`);
  const accounted = new Set(plan.accounting.map((a) => `${a.file.path}:${lineColumnAt(a.file, a.span.start).line}`));
  const reported = new Set(plan.findings.map((f) => `${f.file.path}:${lineColumnAt(f.file, f.span.start).line}`));
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
    file.text.split('\n').forEach((line, index) => {
      // Gossip leftovers: the gossip port and `peers:` settings, outside comments and Alertmanager lines.
      if (!/\b10900\b|^\s*peers:/.test(line.replace(/#.*$/, '')) || !isThanosLine(line)) return;
      leftovers++;
      const key = `${file.path}:${index + 1}`;
      if (accounted.has(key) || reported.has(key) || edited.has(key)) return;
      failures.push(`${key}: gossip leftover not reported: ${line.trim()}`);
    });
  }
  let occurrences = 0;
  for (const file of loaded.files) {
    const lines = file.text.split('\n');
    lines.forEach((line, index) => {
      for (const match of line.matchAll(GOSSIP_TOKEN)) {
        if (!isThanosLine(line)) continue;
        occurrences++;
        const key = `${file.path}:${index + 1}`;
        if (accounted.has(key) || reported.has(key)) continue;
        failures.push(`${key}: ${match[0]} not accounted for (kind ${file.kind}${unreadable.has(file.path) ? ', file reported unreadable' : ''})`);
      }
    });
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
  for (const change of plan.changes) {
    for (const edit of change.edits) {
      const removed = edit.file.text.slice(edit.span.start, edit.span.end);
      const at = `${edit.file.path}:${lineColumnAt(edit.file, edit.span.start).line}`;
      if (removed !== '' && !isGossipRemoval(removed, gossipVariables)) failures.push(`${at}: removes something that is not gossip: ${JSON.stringify(removed)}`);
      if (edit.text !== '' && !isDiscoveryAddition(edit.text)) failures.push(`${at}: adds something that is not discovery wiring: ${JSON.stringify(edit.text)}`);
    }
  }
  const rewritten: SourceFile[] = loaded.files.map((file) => {
    const change = plan.changes.find((c) => c.source === file);
    return change ? { ...file, text: change.after } : file;
  });
  const again = planMigration(rewritten, options, () => null);
  for (const change of again.changes.filter((c) => c.before !== null)) failures.push(`${change.path}: second run changes it again`);
  console.log(
    `${dir}: ${loaded.files.length} files, ${occurrences} gossip tokens, ${leftovers} leftover lines, ${plan.accounting.length} accounted, ` +
      `${plan.changes.length} changes, ${failures.length} failures`,
  );
  return failures;
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
function isDiscoveryAddition(chunk: string): boolean {
  const residue = chunk.replace(/"?--(?:store\.sd-files|query\.sd-files|endpoint\.sd-config-file)=\S+/g, '');
  return /^[\s\\&]*$/.test(residue) || residue.trim() === '{}';
}

/** Lines of `before` that are not in `after`, in order (multiset difference, enough for removals). */
function diffLines(before: string, after: string): string[] {
  const remaining = new Map<string, number>();
  for (const line of after.split('\n')) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  const removed: string[] = [];
  for (const line of before.split('\n')) {
    const count = remaining.get(line) ?? 0;
    if (count > 0) remaining.set(line, count - 1);
    else removed.push(line);
  }
  return removed;
}

const corpus = process.argv[2] ?? '../shared/corpus';
if (!existsSync(corpus)) {
  console.log(`corpus: ${corpus} not present, nothing to check`);
} else {
  const failures: string[] = [];
  for (const name of readdirSync(corpus).sort()) {
    const dir = join(corpus, name);
    if (statSync(dir).isDirectory()) failures.push(...(await checkProject(dir)));
  }
  for (const failure of failures) console.error(`FAIL ${failure}`);
  console.log(`corpus: ${failures.length === 0 ? 'ok' : `${failures.length} failures`}`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}
