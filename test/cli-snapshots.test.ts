// CLI behaviour as Markdown snapshots (after arethetypeswrong's
// cli/test/snapshots.test.ts): each fixtures/cli/<case>.md names a tree to
// stage and the commands to run in it, in order, and holds what each
// printed, its exit code and the files it changed, with NO_COLOR=1. The
// commands run in-process through main(argv, io). A case is its .md alone:
// write the head (title, what it shows, `Tree:`, `Env:`, one `## $ ...` per
// command) and run with UPDATE_EXPECTED=1 to fill in the rest, then read it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree, ROOT, runMain, tempDir } from './support.js';

const DIR = join(ROOT, 'fixtures', 'cli');
const FENCE = '~~~';

interface Case {
  title: string;
  about: string;
  /** `SOURCE as DEST`, SOURCE relative to the repository, or absent for an empty directory. */
  tree?: { source: string; dest: string };
  env: Record<string, string>;
  commands: string[];
}

/** The head of a snapshot: everything up to each command's heading, and the commands. */
function parseCase(text: string, file: string): Case {
  const lines = text.split('\n');
  const title = /^# (.+)$/.exec(lines[0] ?? '')?.[1];
  assert.ok(title, `${file}: the first line is "# title"`);
  const firstCommand = lines.findIndex((line) => line.startsWith('## $ '));
  assert.ok(firstCommand > 0, `${file}: no "## $ command" heading`);
  const head = lines.slice(1, firstCommand);
  const tree = head.map((line) => /^Tree: `([^`]+)` as `([^`]+)`$/.exec(line)).find(Boolean);
  const env = head.map((line) => /^Env: (.+)$/.exec(line)).find(Boolean);
  const about = head.filter((line) => !/^(Tree|Env): /.test(line)).join('\n').trim();
  return {
    title,
    about,
    ...(tree ? { tree: { source: tree[1]!, dest: tree[2]! } } : {}),
    env: Object.fromEntries((env?.[1] ?? '').split(/\s+/).filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])),
    commands: lines.filter((line) => line.startsWith('## $ ')).map((line) => line.slice('## $ '.length)),
  };
}

/** Words of a command line: spaces split, single quotes group (no other shell syntax). */
function words(command: string): string[] {
  const found = command.match(/'[^']*'|[^\s']+/g) ?? [];
  return found.map((word) => (word.startsWith("'") ? word.slice(1, -1) : word));
}

function fenced(text: string): string {
  return `${FENCE}\n${text}${text === '' || text.endsWith('\n') ? '' : '\n[no final newline]\n'}${FENCE}`;
}

function changes(before: Map<string, string>, after: Map<string, string>): string {
  const lines: string[] = [];
  for (const [path, text] of after) {
    if (!before.has(path)) lines.push(`- created ${path}`);
    else if (before.get(path) !== text) lines.push(`- changed ${path}`);
  }
  for (const path of before.keys()) if (!after.has(path)) lines.push(`- deleted ${path}`);
  return lines.length === 0 ? 'Files changed: none' : `Files changed:\n\n${lines.join('\n')}`;
}

async function render(spec: Case): Promise<string> {
  const dir = tempDir('cli-snapshot');
  if (spec.tree) cpSync(join(ROOT, spec.tree.source), join(dir, spec.tree.dest), { recursive: true });
  const hide = (text: string) => text.split(dir).join('<tmp>');
  const out = [`# ${spec.title}`, ''];
  if (spec.about) out.push(spec.about, '');
  if (spec.tree) out.push(`Tree: \`${spec.tree.source}\` as \`${spec.tree.dest}\``);
  if (Object.keys(spec.env).length > 0) out.push(`Env: ${Object.entries(spec.env).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  out.push('');
  for (const command of spec.commands) {
    const before = readTree(dir);
    const args = words(command);
    assert.equal(args[0], 'thanos-gossip-migrate', `a command starts with the tool's name: ${command}`);
    const result = await runMain(args.slice(1), dir, { NO_COLOR: '1', ...spec.env });
    out.push(`## $ ${command}`, '', `Exit code: ${result.status}`, '', 'stdout:', '', fenced(hide(result.stdout)), '', 'stderr:', '', fenced(hide(result.stderr)), '', changes(before, readTree(dir)), '');
  }
  return out.join('\n');
}

const files = readdirSync(DIR).filter((name) => name.endsWith('.md')).sort();

test('fixtures/cli holds the cases the issue names', () => {
  for (const name of ['typo.md', 'write-manual-left.md', 'out-dir-unwritable.md', 'check-sarif-and-stylish.md', 'rerun-migrated.md']) assert.ok(files.includes(name), name);
});

for (const name of files) {
  test(`cli snapshot ${name}`, async () => {
    const path = join(DIR, name);
    const expected = readFileSync(path, 'utf8');
    const actual = await render(parseCase(expected, name));
    if (process.env.UPDATE_EXPECTED === '1') writeFileSync(path, actual);
    else assert.equal(actual, expected);
  });
}
