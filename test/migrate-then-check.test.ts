// migrate and check are one contract: after `migrate --write` with a case's
// options, `check` with the same options exits 0 unless migrate left work
// for a human, and then its errors are exactly those items; when migrate
// refused to write, check fails too, on every place migrate named. Over
// every fixture case and every project of the corpus (real gossip-era files).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runMain, tempDir } from './support.js';

interface Subject {
  name: string;
  input: string;
  args: string[];
}

const CASES = join(ROOT, 'fixtures', 'cases');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');

const cases: Subject[] = readdirSync(CASES)
  .sort()
  .map((name) => {
    const spec = JSON.parse(readFileSync(join(CASES, name, 'case.json'), 'utf8')) as { input?: string; args: string[] };
    return { name: `case ${name}`, input: join(CASES, name, spec.input ?? 'input'), args: spec.args };
  });
const corpus: Subject[] = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .sort()
      .filter((name) => statSync(join(CORPUS, name)).isDirectory())
      .map((name) => ({ name: `corpus ${name}`, input: join(CORPUS, name), args: [] }))
  : [];

interface Row {
  path: string;
  line: number;
  message: string;
}

const key = (row: Omit<Row, 'line'>) => `${row.path}: ${row.message}`;

/** The `file:line:column: message` lines under "K items need a human:" (or under "nothing written:"). */
function itemsAfter(stderr: string, heading: RegExp): Row[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) return [];
  const rows: Row[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}(\S+?):(\d+):\d+(?:: (.*))?$/.exec(line);
    if (!match) break;
    rows.push({ path: match[1]!, line: Number(match[2]), message: match[3] ?? '' });
  }
  return rows;
}

for (const subject of [...cases, ...corpus]) {
  test(`migrate then check: ${subject.name}`, async () => {
    const dir = tempDir('migrate-check');
    cpSync(subject.input, join(dir, 'input'), { recursive: true });
    const migrate = await runMain(['migrate', '--write', ...subject.args, 'input'], dir);
    const check = await runMain(['check', '--format', 'json', ...subject.args, 'input'], dir);
    const report = JSON.parse(check.stdout) as { findings: (Row & { severity: string; fixable: boolean; ruleId: string })[]; problems: unknown[] };
    const errors = report.findings.filter((finding) => finding.severity === 'error');
    const context = `migrate exited ${migrate.status}:\n${migrate.stderr.slice(-2000)}\ncheck:\n${errors.map((e) => `${e.path}:${e.line} ${e.ruleId} ${e.message}`).join('\n')}`;

    if (/nothing written/.test(migrate.stderr)) {
      // A refusal: check must not pass what migrate would not write, and it names each place migrate named.
      assert.equal(check.status, 1, context);
      const named = itemsAfter(migrate.stderr, /nothing written/);
      assert.ok(named.length > 0, context);
      for (const place of named) assert.ok(errors.some((e) => e.path === place.path && e.line === place.line), `${place.path}:${place.line} is not an error of check\n${context}`);
      return;
    }
    if (migrate.status === 3) {
      // Some input could not be read: check says so the same way.
      assert.equal(check.status, 3, context);
      assert.ok(report.problems.length > 0, context);
      return;
    }
    const manual = itemsAfter(migrate.stderr, /items? needs? a human:$/);
    assert.deepEqual(report.findings.filter((finding) => finding.fixable).map((f) => `${f.path}:${f.line} ${f.ruleId}`), [], `nothing fixable is left\n${context}`);
    assert.deepEqual(errors.map(key).sort(), manual.map(key).sort(), `check's errors are exactly migrate's items for a human\n${context}`);
    assert.equal(migrate.status, manual.length > 0 ? 1 : 0, context);
    assert.equal(check.status, manual.length > 0 ? 1 : 0, context);
  });
}

test('the property covers every fixture case and, where it is present, the corpus', () => {
  assert.ok(cases.length >= 25, `${cases.length} cases`);
  if (process.env['CI']) assert.ok(corpus.length > 0, `the corpus is at ${CORPUS} in CI`);
});
