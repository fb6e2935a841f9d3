// The GitHub Action as GitHub runs it: action.yml must validate against the
// published action metadata schema, and its shell steps run here, in order,
// with the runner's environment faked (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
// RUNNER_TEMP, GITHUB_ACTION_PATH) and `${{ }}` expressions evaluated the way
// the runner does for the few forms action.yml uses. The `uses:` step is not
// run; its condition and inputs are checked instead.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { load } from 'js-yaml';
import AjvModule from 'ajv';
import { ROOT, tempDir } from '../support.js';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface ActionInput {
  description: string;
  default?: string;
}

interface Action {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const ACTION_TEXT = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const ACTION = load(ACTION_TEXT) as Action;

function validator() {
  const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'schemas', 'github-action.json'), 'utf8')) as object;
  const ajv = new AjvModule.default({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

test('action.yml validates against the GitHub action metadata schema', () => {
  const validate = validator();
  assert.ok(validate(ACTION), JSON.stringify(validate.errors, null, 2));
  assert.equal(ACTION.runs.using, 'composite');
});

test('negative control: the schema rejects a run step without a shell and an unknown input field', () => {
  const validate = validator();
  const noShell = structuredClone(ACTION);
  delete noShell.runs.steps.find((step) => step.run)!.shell;
  assert.equal(validate(noShell), false);
  const badInput = structuredClone(ACTION) as Action & { inputs: Record<string, ActionInput & { type?: string }> };
  badInput.inputs['paths']!.type = 'string';
  assert.equal(validate(badInput), false);
});

// ---- the runner, faked --------------------------------------------------

interface Contexts {
  inputs: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string>; outcome: 'success' | 'failure' }>;
  github: Record<string, string>;
  runner: Record<string, string>;
  /** Whether an earlier step failed, for success() and failure(). */
  failed: boolean;
}

type Value = string | boolean | null;

/**
 * GitHub's expression language, the part action.yml uses: context lookups,
 * string literals, ==, !=, !, &&, ||, parentheses, always(), success(),
 * failure(). Anything else throws, so a new form in action.yml needs a look here.
 */
function evaluate(expression: string, contexts: Contexts): Value {
  const tokens = expression.match(/\s*(==|!=|&&|\|\||!|\(|\)|'(?:[^']|'')*'|[A-Za-z_][\w.-]*(?:\(\))?)/gy)?.map((t) => t.trim()) ?? [];
  if (tokens.join('').replace(/\s/g, '') !== expression.replace(/\s/g, '')) throw new Error(`unsupported expression: ${expression}`);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++]!;
  const truthy = (v: Value) => v !== null && v !== false && v !== '';
  const primary = (): Value => {
    const token = next();
    if (token === '(') {
      const v = or();
      if (next() !== ')') throw new Error(`unbalanced ( in ${expression}`);
      return v;
    }
    if (token === '!') return !truthy(primary());
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'always()') return true;
    if (token === 'success()') return !contexts.failed;
    if (token === 'failure()') return contexts.failed;
    const [root, ...path] = token.split('.');
    let value: unknown = (contexts as unknown as Record<string, unknown>)[root!];
    if (value === undefined || root === 'failed') throw new Error(`unknown context ${root} in ${expression}`);
    for (const key of path) value = value === null || typeof value !== 'object' ? null : ((value as Record<string, unknown>)[key] ?? null);
    return value === null ? '' : (value as string);
  };
  const comparison = (): Value => {
    let left = primary();
    while (peek() === '==' || peek() === '!=') {
      const op = next();
      const right = primary();
      left = op === '==' ? String(left) === String(right) : String(left) !== String(right);
    }
    return left;
  };
  const and = (): Value => {
    let left = comparison();
    while (peek() === '&&') {
      next();
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): Value => {
    let left = and();
    while (peek() === '||') {
      next();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const result = or();
  if (at !== tokens.length) throw new Error(`trailing tokens in ${expression}`);
  return result;
}

function interpolate(text: string, contexts: Contexts): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, inner: string) => {
    const value = evaluate(inner.trim(), contexts);
    return value === null ? '' : String(value);
  });
}

/** A step runs when its `if` holds; without one, only while nothing failed (success()). */
function shouldRun(step: Step, contexts: Contexts): boolean {
  if (step.if === undefined) return !contexts.failed;
  const condition = step.if.replace(/^\$\{\{(.*)\}\}$/s, '$1').trim();
  const value = evaluate(condition, contexts);
  // A condition with no status function gets an implicit success() &&.
  const hasStatus = /\b(always|success|failure|cancelled)\(\)/.test(condition);
  return (hasStatus || !contexts.failed) && value !== null && value !== false && value !== '';
}

/** $GITHUB_OUTPUT lines (`name=value`; the action writes no multi-line values). */
function readOutputs(path: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const eq = line.indexOf('=');
    assert.ok(eq > 0 && !line.includes('<<'), `unexpected GITHUB_OUTPUT line ${line}`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

interface StepRun {
  step: Step;
  ran: boolean;
  status: number | null;
  stdout: string;
  stderr: string;
  /** For `uses:` steps: the `with:` inputs as the runner would pass them. */
  with?: Record<string, string>;
}

interface ActionRun {
  steps: StepRun[];
  summary: string;
  outputs: Record<string, string>;
  failed: boolean;
}

const scratch = tempDir('action');
after(() => rmSync(scratch, { recursive: true, force: true }));
let runs = 0;

function runAction(workspace: string, given: Record<string, string>): ActionRun {
  const home = join(scratch, `run-${++runs}`);
  const runnerTemp = join(home, 'temp');
  mkdirSync(runnerTemp, { recursive: true });
  const summaryFile = join(home, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(ACTION.inputs)) inputs[name] = given[name] ?? input.default ?? '';
  for (const name of Object.keys(given)) assert.ok(name in ACTION.inputs, `action.yml has no input ${name}`);
  const contexts: Contexts = { inputs, steps: {}, github: { action_path: ROOT, workspace }, runner: { temp: runnerTemp }, failed: false };
  const result: ActionRun = { steps: [], summary: '', outputs: {}, failed: false };

  for (const [index, step] of ACTION.runs.steps.entries()) {
    if (!shouldRun(step, contexts)) {
      result.steps.push({ step, ran: false, status: null, stdout: '', stderr: '' });
      continue;
    }
    if (step.uses !== undefined) {
      const resolved = Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, interpolate(String(value), contexts)]));
      result.steps.push({ step, ran: true, status: 0, stdout: '', stderr: '', with: resolved });
      continue;
    }
    assert.equal(step.shell, 'bash', `${step.name}: only bash steps are run here`);
    const outputFile = join(home, `output-${index}`);
    writeFileSync(outputFile, '');
    const script = join(home, `step-${index}.sh`);
    writeFileSync(script, step.run!);
    const env: NodeJS.ProcessEnv = {
      PATH: [dirname(process.execPath), process.env['PATH'] ?? ''].join(delimiter),
      HOME: process.env['HOME'] ?? home,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: runnerTemp,
      NO_COLOR: '1',
    };
    for (const [key, value] of Object.entries(step.env ?? {})) env[key] = interpolate(String(value), contexts);
    const cwd = step['working-directory'] ? interpolate(step['working-directory'], contexts) : workspace;
    // GitHub's own command line for `shell: bash`.
    const ran = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8' });
    result.steps.push({ step, ran: true, status: ran.status, stdout: ran.stdout, stderr: ran.stderr });
    if (step.id) contexts.steps[step.id] = { outputs: readOutputs(outputFile), outcome: ran.status === 0 ? 'success' : 'failure' };
    if (ran.status !== 0) contexts.failed = true;
  }
  for (const [name, output] of Object.entries(ACTION.outputs)) result.outputs[name] = interpolate(output.value, contexts);
  result.summary = readFileSync(summaryFile, 'utf8');
  result.failed = contexts.failed;
  return result;
}

const stepNamed = (run: ActionRun, name: RegExp) => {
  const found = run.steps.find((s) => name.test(s.step.name ?? ''));
  assert.ok(found, `no step matching ${name}`);
  return found;
};

function workspaceWith(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('gossip left: annotations, a SARIF file for upload, a job summary, the step fails with 1', () => {
  const workspace = join(scratch, 'gossip');
  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(workspace, 'deploy'), { recursive: true });
  const run = runAction(workspace, { paths: 'deploy\n', 'upload-sarif': 'true' });

  const build = stepNamed(run, /^Build/);
  assert.equal(build.status, 0, build.stderr);
  assert.match(build.stdout, /already built/);

  const check = stepNamed(run, /^Check$/);
  assert.equal(check.status, 1, check.stderr);
  const lines = check.stdout.trimEnd().split('\n');
  // GitHub shows 10 error annotations per step: 10 are annotated, the rest logged, and a notice says so.
  const annotations = lines.filter((line) => line.startsWith('::error '));
  assert.equal(annotations.length, 10, check.stdout);
  assert.ok(annotations.includes('::error file=deploy/run-local.sh,line=25,col=5,endLine=25,endColumn=49,title=gossip-flag::--cluster.address=0.0.0.0:1939${i}: gossip flag on thanos sidecar, removed in v0.5.0'), check.stdout);
  assert.equal(lines.filter((line) => line.startsWith('  - deploy/run-local.sh:')).length, 4);
  assert.match(lines.at(-1)!, /^::notice title=thanos-gossip-migrate::14 errors, 0 warnings, 0 infos; annotated: 10 of 14 errors \(GitHub shows 10 per level\); full report: the job summary, .*\/temp\/thanos-gossip-migrate\.sarif, the step log$/);
  assert.equal(run.outputs['exit-code'], '1');

  const sarifPath = run.outputs['sarif-file']!;
  assert.ok(sarifPath.startsWith(join(scratch, 'run-')) && sarifPath.endsWith('/temp/thanos-gossip-migrate.sarif'), sarifPath);
  const sarif = JSON.parse(readFileSync(sarifPath, 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0]!.results.length, 14);
  assert.equal(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'deploy/run-local.sh');

  assert.equal(stepNamed(run, /^Job summary/).ran, false, 'check wrote the summary itself');
  assert.match(run.summary, /^## thanos-gossip-migrate check\n\n\*\*14 errors, 0 warnings, 0 infos\*\* \(exit code 1: findings at or above fail-on\)\.\n14 fixable with `thanos-gossip-migrate migrate --write`\.\n/);
  assert.match(run.summary, /^\| error \| gossip-flag \| `deploy\/run-local\.sh:25:5` \| --cluster\.address=0\.0\.0\.0:1939\$\{i\}: gossip flag on thanos sidecar, removed in v0\.5\.0 \|$/m);

  const upload = stepNamed(run, /^Upload SARIF/);
  assert.ok(upload.ran, 'upload-sarif: true uploads even though the check failed');
  assert.equal(upload.step.uses, 'github/codeql-action/upload-sarif@v3');
  assert.deepEqual(upload.with, { sarif_file: sarifPath, category: 'thanos-gossip-migrate' });
  assert.equal(run.failed, true);
});

test('clean tree: exit 0, no annotations, a "no gossip left" summary, no upload unless asked', () => {
  const workspace = workspaceWith('clean', { 'run.sh': '#!/bin/sh\nexec thanos sidecar --grpc-address=0.0.0.0:10901\n' });
  const run = runAction(workspace, {});
  const check = stepNamed(run, /^Check$/);
  assert.equal(check.status, 0, check.stderr);
  assert.equal(check.stdout, '');
  assert.equal(run.outputs['exit-code'], '0');
  assert.equal(run.summary, '## thanos-gossip-migrate check\n\nNo gossip left: no findings.\n\n');
  assert.equal(stepNamed(run, /^Upload SARIF/).ran, false);
  assert.equal(run.failed, false);
});

test('inputs reach check: several paths (one with a space), thanos-version, config, fail-on, sarif-file', () => {
  const workspace = workspaceWith('inputs', {
    'a b/query.sh': '#!/bin/sh\nthanos query --cluster.peers=10.0.0.1:10900\n',
    'a b/new.sh': '#!/bin/sh\nthanos query --endpoint=store.internal:10901\n',
    'other/sidecar.sh': '#!/bin/sh\nthanos sidecar --cluster.address=0.0.0.0:10900\n',
    'ignored/store.sh': '#!/bin/sh\nthanos store --cluster.address=0.0.0.0:10900\n',
    'tgm.yaml': 'ignore:\n  - paths: ["other/**"]\n    reason: "retired"\n',
  });
  const run = runAction(workspace, {
    paths: '  a b  \nother\n\n',
    'thanos-version': 'v0.20.0',
    config: 'tgm.yaml',
    'fail-on': 'warning',
    'sarif-file': 'reports/tgm.sarif',
  });
  const check = stepNamed(run, /^Check$/);
  assert.equal(check.status, 1, check.stderr);
  const files = [...check.stdout.matchAll(/^::\w+ file=([^,]+),/gm)].map((m) => m[1]);
  assert.deepEqual([...new Set(files)].sort(), ['a b/new.sh', 'a b/query.sh'], 'ignored/ is not a path; other/ is suppressed by the config');
  assert.match(check.stdout, /^::error file=a b\/new\.sh,.*title=flag-unsupported::--endpoint: thanos query has it only since v0\.24\.0, not in v0\.20\.0$/m);
  assert.equal(run.outputs['sarif-file'], 'reports/tgm.sarif');
  assert.ok(JSON.parse(readFileSync(join(workspace, 'reports', 'tgm.sarif'), 'utf8')));
});

test('usage error: exit 2, no SARIF output, the summary says so, nothing uploaded', () => {
  const workspace = workspaceWith('usage', { 'run.sh': '#!/bin/sh\nthanos query --cluster.peers=10.0.0.1:10900\n' });
  const run = runAction(workspace, { 'fail-on': 'sometimes', 'upload-sarif': 'true' });
  const check = stepNamed(run, /^Check$/);
  assert.equal(check.status, 2);
  assert.match(check.stderr, /^error: option '--fail-on <severity>' argument 'sometimes' is invalid/);
  assert.equal(run.outputs['exit-code'], '2');
  assert.equal(run.outputs['sarif-file'], '');
  assert.equal(run.summary, '## thanos-gossip-migrate check\n\nExit code 2: usage or config error (see the step log). No report was written.\n\n');
  assert.equal(stepNamed(run, /^Upload SARIF/).ran, false);
  assert.equal(run.failed, true);
});

test('the build step refuses a Node older than 20.17 with an annotation', () => {
  const build = ACTION.runs.steps.find((step) => /^Build/.test(step.name ?? ''))!;
  const check = build.run!.match(/node -e '([^']+)'/)![1]!;
  const old = spawnSync(process.execPath, ['-e', `Object.defineProperty(process.versions, 'node', { value: '20.16.0' }); Object.defineProperty(process, 'version', { value: 'v20.16.0' }); ${check}`], { encoding: 'utf8' });
  assert.equal(old.status, 1);
  assert.equal(old.stdout, '::error title=thanos-gossip-migrate::needs Node 20.17 or later, found v20.16.0: run actions/setup-node before this action\n');
});
