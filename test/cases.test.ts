// Table-driven: every folder in fixtures/cases is a case. The real bin runs
// with the case's arguments and --out-dir; the rewritten tree must equal
// expected/ byte for byte, and every case gets free checks: the exit codes,
// a second run that finds nothing, and a CRLF variant of the input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { caseArgs as parseArgs, ROOT, readTree, runMain, tempDir } from './support.js';

interface CaseSpec {
  input?: string;
  args: string[];
  /** Exit code of the --out-dir run (default 0). */
  exitCode?: number;
  /** The run must refuse to write anything. */
  expectNoWrite?: boolean;
}

const CASES = join(ROOT, 'fixtures', 'cases');

function caseInput(name: string, spec: CaseSpec): string {
  return spec.input ? join(CASES, name, spec.input) : join(CASES, name, 'input');
}

/** Copy a case's input into a temp dir so outputs can be compared by relative path. */
function stage(name: string, spec: CaseSpec, transform?: (text: string) => string): string {
  const dir = tempDir(name);
  const input = join(dir, 'input');
  cpSync(caseInput(name, spec), input, { recursive: true });
  if (transform) for (const [path, text] of readTree(input)) writeFileSync(join(input, path), transform(text));
  return dir;
}

async function migrateInto(dir: string, spec: CaseSpec) {
  const out = join(dir, 'out');
  const result = await runMain([...spec.args, '--out-dir', out, 'input'], dir);
  return { out, result, tree: existsSync(join(out, 'input')) ? readTree(join(out, 'input')) : new Map<string, string>() };
}

const toCrlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const withBom = (text: string) => `\uFEFF${text}`;

/**
 * The case with its input passed through `transform` (CRLF, BOM): the same
 * exit code and files as expected/, rewritten inputs in the input's form,
 * files the tool creates in its own (LF, no BOM); a case that refuses to
 * write refuses in this form too.
 */
async function assertVariant(name: string, spec: CaseSpec, label: string, transform: (text: string) => string): Promise<void> {
  const dir = stage(name, spec, transform);
  const { result, tree } = await migrateInto(dir, spec);
  assert.equal(result.status, spec.exitCode ?? 0, result.stderr);
  if (spec.expectNoWrite) {
    assert.deepEqual([...tree.keys()], [], `nothing may be written in the ${label} variant`);
    assert.match(result.stderr, /nothing written/);
    return;
  }
  const inputs = readTree(caseInput(name, spec));
  for (const [path, text] of readTree(join(CASES, name, 'expected'))) {
    assert.equal(tree.get(path), inputs.has(path) ? transform(text) : text, `${path} differs in the ${label} variant`);
  }
}

for (const name of readdirSync(CASES).sort()) {
  const spec = JSON.parse(readFileSync(join(CASES, name, 'case.json'), 'utf8')) as CaseSpec;
  const expectedDir = join(CASES, name, 'expected');

  test(`case ${name}: rewritten files equal expected/`, async () => {
    const dir = stage(name, spec);
    const { result, tree } = await migrateInto(dir, spec);
    assert.equal(result.status, spec.exitCode ?? 0, result.stderr);
    if (spec.expectNoWrite) {
      assert.equal(tree.size, 0, 'nothing may be written');
      assert.match(result.stderr, /nothing written/);
      return;
    }
    const expected = readTree(expectedDir);
    assert.deepEqual([...tree.keys()], [...expected.keys()], 'the set of written files');
    for (const [path, text] of expected) assert.equal(tree.get(path), text, `${path} differs`);
  });

  test(`case ${name}: preview exit code and second run is a no-op`, async () => {
    const dir = stage(name, spec);
    const preview = await runMain([...spec.args, 'input'], dir);
    assert.equal(preview.status, 1, 'a preview with pending changes exits 1');
    // report.txt: the exact report (stderr) of the preview, where a case is about what the report says.
    const reportPath = join(CASES, name, 'report.txt');
    if (existsSync(reportPath)) assert.equal(preview.stderr, readFileSync(reportPath, 'utf8'));
    if (spec.expectNoWrite) return;
    const { out } = await migrateInto(dir, spec);
    // Second run over the migrated tree (untouched files copied in beside the rewritten ones).
    const merged = join(dir, 'merged');
    cpSync(join(dir, 'input'), merged, { recursive: true });
    cpSync(join(out, 'input'), merged, { recursive: true });
    const again = await runMain([...spec.args, relative(dir, merged)], dir);
    assert.equal(again.stdout, '', 'no diff on the second run');
    assert.equal(again.status, 0, again.stderr);
    // rerun-report.txt: what the second run says of the migrated tree (the consumers it reads back).
    const rerunPath = join(CASES, name, 'rerun-report.txt');
    if (existsSync(rerunPath)) assert.equal(again.stderr, readFileSync(rerunPath, 'utf8'));
  });

  test(`case ${name}: CRLF input keeps CRLF`, async () => {
    await assertVariant(name, spec, 'CRLF', toCrlf);
  });

  test(`case ${name}: a UTF-8 BOM survives`, async () => {
    await assertVariant(name, spec, 'BOM', withBom);
  });
}

// Keeps `expected/` honest: regenerate with UPDATE_EXPECTED=1 only after reading the diff.
if (process.env.UPDATE_EXPECTED === '1') {
  for (const name of readdirSync(CASES)) {
    const spec = JSON.parse(readFileSync(join(CASES, name, 'case.json'), 'utf8')) as CaseSpec;
    const dir = stage(name, spec);
    const reportPath = join(CASES, name, 'report.txt');
    if (existsSync(reportPath)) writeFileSync(reportPath, (await runMain([...spec.args, 'input'], dir)).stderr);
    if (spec.expectNoWrite) continue;
    const { out } = await migrateInto(dir, spec);
    const expectedDir = join(CASES, name, 'expected');
    mkdirSync(expectedDir, { recursive: true });
    cpSync(join(out, 'input'), expectedDir, { recursive: true });
    const rerunPath = join(CASES, name, 'rerun-report.txt');
    if (existsSync(rerunPath)) {
      const merged = join(dir, 'merged');
      cpSync(join(dir, 'input'), merged, { recursive: true });
      cpSync(join(out, 'input'), merged, { recursive: true });
      writeFileSync(rerunPath, (await runMain([...spec.args, relative(dir, merged)], dir)).stderr);
    }
  }
}

test('never invent: no --cluster.peers address ever lands in an SD file or ConfigMap', () => {
  for (const name of readdirSync(CASES)) {
    const spec = JSON.parse(readFileSync(join(CASES, name, 'case.json'), 'utf8')) as CaseSpec;
    if (spec.expectNoWrite) continue;
    const peers = new Set<string>();
    for (const text of readTree(caseInput(name, spec)).values()) {
      for (const match of text.matchAll(/--cluster\.peers[= ]+["']?([^\s"',\]]+)/g)) peers.add(match[1]!);
    }
    for (const [path, text] of readTree(join(CASES, name, 'expected'))) {
      const written = path.includes('-sd') || path.includes('endpoints') ? text : (text.split(/thanos-(?:store|query)-sd\.yaml: \|/)[1] ?? '');
      for (const peer of peers) assert.ok(!written.includes(peer), `${name}/${path} lists the gossip seed ${peer}`);
    }
  }
});

test('every rewritten command line passes the flag table of its target version (what check uses)', async () => {
  const { analyze, loadSources } = await import('../src/index.js');
  const { migrationOptions } = await import('../src/raw-options.js');
  for (const name of readdirSync(CASES)) {
    const spec = JSON.parse(readFileSync(join(CASES, name, 'case.json'), 'utf8')) as CaseSpec;
    if (spec.expectNoWrite) continue;
    const dir = stage(name, spec);
    const { out } = await migrateInto(dir, spec);
    const merged = join(dir, 'merged');
    cpSync(join(dir, 'input'), merged, { recursive: true });
    cpSync(join(out, 'input'), merged, { recursive: true });
    // The options the case ran with, minus those that only place files.
    const raw = parseArgs(spec.args);
    const target = raw.keepGossip ? { ...migrationOptions(raw), keepGossip: true } : migrationOptions(raw);
    const loaded = await loadSources([merged]);
    const offending = analyze(loaded.files, target).findings.filter((f) => f.ruleId === 'flag-unsupported' || (f.ruleId === 'gossip-flag' && !raw.keepGossip));
    assert.deepEqual(offending.map((f) => `${name}: ${f.message}`), []);
  }
});
