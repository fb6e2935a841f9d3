// The outputs real consumers read, checked against what those consumers
// check: JUnit against the Jenkins xUnit XSD (libxml2), GitLab Code Quality
// against GitLab's own schema and documented fields, GitHub's annotation
// limit, the job summary, stylish wrapping, and finding identity (baseline
// and fingerprints) across edits. Each validator is shown to say no.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { validateXML } from 'xmllint-wasm';
import { REPORTERS, type ReportFinding, type ReportInput, type ReportPalette } from '../src/output/reporters/index.js';
import { renderJobSummary, MAX_ROWS } from '../src/output/reporters/github-summary.js';
import { wrap } from '../src/output/reporters/stylish.js';
import { fingerprints, matchFindings, withoutPositions } from '../src/output/finding-identity.js';
import { newSinceBaseline, parseBaseline, renderBaseline } from '../src/suppress/baseline.js';
import { ROOT } from './support.js';

const PLAIN: ReportPalette = { red: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };

function finding(over: Partial<ReportFinding>): ReportFinding {
  return { ruleId: 'gossip-flag', messageId: 'removed', data: {}, severity: 'error', path: 'deploy/a.sh', line: 1, column: 1, endLine: 1, endColumn: 10, message: 'm', fixable: true, ...over };
}

function input(findings: ReportFinding[], over: Partial<ReportInput> = {}): ReportInput {
  return { findings, problems: [], rules: [], toolVersion: '0.1.0', palette: PLAIN, files: [...new Set(findings.map((f) => f.path))], elsewhere: [], ...over };
}

// ---- JUnit ---------------------------------------------------------------

const JUNIT_XSD = readFileSync(join(ROOT, 'test', 'schemas', 'junit-10.xsd'), 'utf8');

async function junitErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [JUNIT_XSD] });
  return result.errors.map((error) => error.message);
}

const counts = (xml: string) => /<testsuite name="[^"]*" tests="(\d+)" failures="(\d+)" errors="(\d+)"/.exec(xml)!.slice(1).map(Number);

test('junit: valid against the Jenkins xUnit junit-10.xsd; one testcase per file, one failure per finding', async () => {
  const xml = REPORTERS.junit(
    input([finding({ line: 2 }), finding({ line: 5, severity: 'warning', ruleId: 'loopback-unreachable' }), finding({ path: 'deploy/b.yaml', severity: 'info' })], {
      files: ['deploy/a.sh', 'deploy/b.yaml', 'deploy/clean.yaml'],
      problems: [{ path: 'deploy/broken.yaml', line: 3, column: 1, message: 'YAML parse error' }],
    }),
  );
  assert.deepEqual(await junitErrors(xml), []);
  assert.deepEqual([...xml.matchAll(/<testcase [^>]*name="([^"]+)"/g)].map((m) => m[1]), ['deploy/a.sh', 'deploy/b.yaml', 'deploy/clean.yaml', 'deploy/broken.yaml']);
  assert.equal((xml.match(/<failure /g) ?? []).length, 2, 'the error and the warning; the info goes to system-out');
  assert.deepEqual(counts(xml), [4, 1, 1], 'tests = files; failures = failed cases without an error; errors = cases with an error');
});

test('junit: a clean run has one passing test per file checked', async () => {
  const xml = REPORTERS.junit(input([], { files: ['deploy/a.sh', 'deploy/b.yaml'] }));
  assert.deepEqual(await junitErrors(xml), []);
  assert.deepEqual(counts(xml), [2, 0, 0]);
});

test('junit negative control: the XSD refuses a testcase without a name and a testsuite without counts', async () => {
  const good = REPORTERS.junit(input([finding({})]));
  assert.deepEqual(await junitErrors(good.replace(' name="deploy/a.sh"', '')), ["Schemas validity error : Element 'testcase': The attribute 'name' is required but missing."]);
  const noTests = good.replace(/(<testsuite name="[^"]*") tests="\d+"/, '$1');
  assert.deepEqual(await junitErrors(noTests), ["Schemas validity error : Element 'testsuite': The attribute 'tests' is required but missing."]);
});

// ---- GitLab Code Quality -------------------------------------------------

const GITLAB_SCHEMA = JSON.parse(readFileSync(join(ROOT, 'test', 'schemas', 'gitlab-codeclimate.json'), 'utf8')) as object;
const GITLAB_SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'];

/** GitLab's schema for each issue, and the fields its documentation requires. */
function gitlabProblems(text: string): string[] {
  const validate = new AjvModule.default({ allErrors: true, strict: false }).compile(GITLAB_SCHEMA);
  const report = JSON.parse(text) as unknown;
  if (!Array.isArray(report)) return ['the report is not an array'];
  return report.flatMap((issue: Record<string, any>, index) => {
    const problems = validate(issue) ? [] : (validate.errors ?? []).map((e) => `[${index}]${e.instancePath} ${e.message}`);
    if (typeof issue['check_name'] !== 'string') problems.push(`[${index}] no check_name`);
    if (typeof issue['location']?.path !== 'string') problems.push(`[${index}] no location.path`);
    if (!Number.isInteger(issue['location']?.lines?.begin)) problems.push(`[${index}] no location.lines.begin`);
    if (!GITLAB_SEVERITIES.includes(issue['severity'])) problems.push(`[${index}] severity ${issue['severity']}`);
    return problems;
  });
}

test('gitlab: every issue passes GitLab\'s schema and documented fields; severities mapped; unreadable inputs included', () => {
  const text = REPORTERS.gitlab(
    input([finding({ line: 4, endLine: 5 }), finding({ severity: 'warning', ruleId: 'loopback-unreachable' }), finding({ severity: 'info' })], {
      problems: [{ path: 'deploy/bad.yaml', message: 'not valid UTF-8' }],
    }),
  );
  assert.deepEqual(gitlabProblems(text), []);
  const issues = JSON.parse(text) as { check_name: string; severity: string; location: { path: string; lines: { begin: number; end?: number } } }[];
  assert.deepEqual(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]), [
    ['parse', 'major', 'deploy/bad.yaml', 1],
    ['gossip-flag', 'major', 'deploy/a.sh', 4],
    ['loopback-unreachable', 'minor', 'deploy/a.sh', 1],
    ['gossip-flag', 'info', 'deploy/a.sh', 1],
  ]);
  assert.equal(REPORTERS.gitlab(input([])), '[]\n');
});

test('gitlab negative control: an issue without a fingerprint, or with a number for a line, is refused', () => {
  const issues = JSON.parse(REPORTERS.gitlab(input([finding({})]))) as Record<string, any>[];
  const { fingerprint: _dropped, ...noFingerprint } = issues[0]!;
  assert.deepEqual(gitlabProblems(JSON.stringify([noFingerprint])), ["[0] must have required property 'fingerprint'"]);
  assert.deepEqual(gitlabProblems(JSON.stringify([{ ...issues[0], location: { path: 'a', lines: { begin: '3' } } }])), ['[0]/location/lines/begin must be integer', '[0] no location.lines.begin']);
  assert.deepEqual(gitlabProblems(JSON.stringify({ issues })), ['the report is not an array']);
});

test('gitlab: a fingerprint survives the finding moving, and differs between two identical findings', () => {
  const before = [finding({ line: 3, message: 'seed 10.0.0.2:10900 at deploy/a.sh:3:78 leads outside' }), finding({ line: 9, message: 'x' }), finding({ line: 12, message: 'x' })];
  const after = before.map((f) => ({ ...f, line: f.line + 4, message: f.message.replace('a.sh:3:78', 'a.sh:7:78') }));
  assert.deepEqual(fingerprints(after), fingerprints(before));
  const [, second, third] = fingerprints(before);
  assert.notEqual(second, third);
  assert.notDeepEqual(fingerprints([finding({ message: 'seed 10.0.0.3:10900 leads outside' })]), fingerprints([finding({ message: 'seed 10.0.0.2:10900 leads outside' })]), 'an address is not a position');
});

// ---- finding identity and the baseline ------------------------------------

test('withoutPositions: file positions go, addresses stay', () => {
  assert.equal(withoutPositions('seed 10.0.0.2:10900 at input/run.sh:3:78 is another host'), 'seed 10.0.0.2:10900 at input/run.sh is another host');
  assert.equal(withoutPositions('no Querier is called ghost (known: input/run.sh:4); the answer'), 'no Querier is called ghost (known: input/run.sh); the answer');
  assert.equal(withoutPositions('run.sh:4:2, and store:10901'), 'run.sh, and store:10901');
});

test('matchFindings: moved findings stay known, the nearest line pairs identical ones, extras are new', () => {
  const recorded = [finding({ line: 10, message: 'a' }), finding({ line: 20, message: 'a' }), finding({ line: 30, message: 'gone' })];
  const current = [finding({ line: 14, message: 'a' }), finding({ line: 15, message: 'a' }), finding({ line: 24, message: 'a' }), finding({ line: 1, message: 'new' })];
  const { fresh, known, gone } = matchFindings(current, recorded);
  assert.deepEqual(known.map((f) => f.line), [14, 24]);
  assert.deepEqual(fresh.map((f) => [f.line, f.message]), [[15, 'a'], [1, 'new']]);
  assert.deepEqual(gone.map((f) => f.message), ['gone']);
});

test('baseline: paths relative to the baseline file, round trip, and what is new after edits', () => {
  const rows = [finding({ path: 'deploy/a.sh', line: 5, message: '--cluster.secret-key=***: gossip flag' }), finding({ path: 'deploy/b.sh', line: 2, ruleId: 'gossip-port', severity: 'warning' })];
  const text = renderBaseline(rows, 'ci/baseline.json', '/repo');
  const entries = parseBaseline(text, 'ci/baseline.json');
  assert.deepEqual(entries, [
    { ruleId: 'gossip-flag', path: '../deploy/a.sh', line: 5, message: '--cluster.secret-key=***: gossip flag' },
    { ruleId: 'gossip-port', path: '../deploy/b.sh', line: 2, message: 'm' },
  ]);
  // Run from another directory of the same repository, after lines were added above both findings, and one new one.
  const later = [finding({ path: '../deploy/a.sh', line: 9, message: '--cluster.secret-key=***: gossip flag' }), finding({ path: '../deploy/b.sh', line: 3, ruleId: 'gossip-port', severity: 'warning' }), finding({ path: '../deploy/b.sh', line: 4 })];
  const { fresh, known, gone } = newSinceBaseline(later, entries, '../ci/baseline.json', '/repo/sub');
  assert.deepEqual(fresh, [later[2]]);
  assert.equal(known, 2);
  assert.equal(gone, 0);
  assert.throws(() => parseBaseline('{"version":2,"findings":[]}', 'b.json'), /b\.json: not a baseline of version 1/);
  assert.throws(() => parseBaseline('{"version":1,"findings":[{"ruleId":"x"}]}', 'b.json'), /findings\[0\] needs ruleId, path, line and message/);
});

// ---- GitHub ---------------------------------------------------------------

test('github: 19 errors: 10 annotated (those needing a human first, one per file first), the rest logged, a notice with the totals and where the report is', () => {
  const manual = finding({ path: 'deploy/z.yaml', line: 50, ruleId: 'endpoint-unresolved', fixable: false, message: 'needs an answer' });
  const many = [...Array.from({ length: 17 }, (_, i) => finding({ path: 'deploy/a.sh', line: i + 1, message: `flag ${i + 1}` })), finding({ path: 'deploy/b.sh', line: 1, message: 'flag b' }), manual];
  const out = REPORTERS.github(input(many, { elsewhere: ['the job summary', 'gossip.sarif'] }));
  const lines = out.trimEnd().split('\n');
  const annotations = lines.filter((line) => line.startsWith('::error '));
  assert.equal(annotations.length, 10);
  assert.match(annotations[0]!, /file=deploy\/a\.sh,line=1,.*::flag 1$/, 'report order is kept among the annotated');
  assert.ok(annotations.some((line) => line.includes('::needs an answer')), 'the finding that needs a human is annotated');
  assert.ok(annotations.some((line) => line.includes('::flag b')), 'every file gets one before any gets a second');
  assert.equal(lines[10], 'thanos-gossip-migrate: 9 more findings not annotated:');
  assert.deepEqual(lines.slice(11, 20), Array.from({ length: 9 }, (_, i) => `  - deploy/a.sh:${i + 9}:1: error: flag ${i + 9} [gossip-flag]`));
  assert.equal(lines[20], '::notice title=thanos-gossip-migrate::19 errors, 0 warnings, 0 infos; annotated: 10 of 19 errors (GitHub shows 10 per level); full report: the job summary, gossip.sarif, the step log');
  assert.equal(lines.length, 21);
});

test('github: infos share the notice level with the summary, so 9 are annotated', () => {
  const infos = Array.from({ length: 12 }, (_, i) => finding({ severity: 'info', line: i + 1 }));
  const lines = REPORTERS.github(input(infos)).trimEnd().split('\n');
  assert.equal(lines.filter((line) => line.startsWith('::notice file=')).length, 9);
  assert.equal(lines.at(-1), '::notice title=thanos-gossip-migrate::0 errors, 0 warnings, 12 infos; annotated: 9 of 12 infos (GitHub shows 10 per level); full report: the step log');
});

test('job summary: totals, the exit code, a table that escapes, a cap that says where the rest is', () => {
  const tricky = finding({ path: 'a|b.sh', line: 1, column: 2, message: '<script>x</script> a|b\nc' });
  const many = Array.from({ length: MAX_ROWS + 3 }, () => tricky);
  const text = renderJobSummary({ findings: many, problems: [{ path: 'bad.yaml', line: 2, column: 1, message: 'YAML parse error' }], elsewhere: ['gossip.sarif'] }, 1);
  assert.match(text, /^## thanos-gossip-migrate check\n\n\*\*103 errors, 0 warnings, 0 infos\*\* \(exit code 1: findings at or above fail-on\)\.\n103 fixable with `thanos-gossip-migrate migrate --write`\.\n/);
  assert.match(text, /^\| error \| gossip-flag \| `a\\\|b\.sh:1:2` \| &lt;script&gt;x&lt;\/script&gt; a\\\|b c \|$/m);
  assert.equal(text.split('\n').filter((line) => line.startsWith('| error')).length, MAX_ROWS);
  assert.match(text, /… and 3 more: see the step log, `gossip\.sarif`\./);
  assert.match(text, /^- `bad\.yaml:2:1` YAML parse error$/m);
  assert.equal(renderJobSummary({ findings: [], problems: [], elsewhere: [] }, 0), '## thanos-gossip-migrate check\n\nNo gossip left: no findings.\n\n');
});

// ---- stylish ----------------------------------------------------------------

test('stylish: a long message wraps under itself; the rule id stays within the width', () => {
  const long = 'thanos query deploy/run.sh:54 found its StoreAPIs through gossip: add --store.sd-files=$(dirname "$0")/thanos-store-sd.yaml listing 127.0.0.1:19091, 127.0.0.1:19092, 127.0.0.1:19093, 127.0.0.1:19691, 127.0.0.1:19991';
  const text = REPORTERS.stylish(input([finding({ line: 54, column: 12, message: long, ruleId: 'query-store-discovery' }), finding({ line: 60, column: 5, message: 'short' })]));
  const lines = text.split('\n');
  assert.deepEqual(lines.slice(0, 7), [
    'deploy/a.sh',
    '  54:12  error  thanos query deploy/run.sh:54 found its StoreAPIs through      query-store-discovery',
    '                gossip: add --store.sd-files=$(dirname',
    '                "$0")/thanos-store-sd.yaml listing 127.0.0.1:19091,',
    '                127.0.0.1:19092, 127.0.0.1:19093, 127.0.0.1:19691,',
    '                127.0.0.1:19991',
    '  60:5   error  short                                                          gossip-flag',
  ]);
  assert.ok(lines.every((line) => line.length <= 100), 'no line wider than 100 columns');
  // A narrow terminal: the message keeps 40 columns at least.
  const narrow = REPORTERS.stylish({ ...input([finding({ message: long })]), width: 60 }).split('\n');
  assert.deepEqual(narrow.slice(1, 3), ['  1:1  error  thanos query deploy/run.sh:54 found its   gossip-flag', '              StoreAPIs through gossip: add']);
});

test('wrap: at spaces, a word longer than the width alone', () => {
  assert.deepEqual(wrap('aa bb cc', 5), ['aa bb', 'cc']);
  assert.deepEqual(wrap('a verylongword b', 4), ['a', 'verylongword', 'b']);
  assert.deepEqual(wrap('short', 40), ['short']);
});
