// Secret canaries: a distinct secret in every place the input holds one
// (fixtures/secrets), and every output of every command and format grepped
// for all of them. Masking is by token (analysis/secrets.ts): the value word
// of --cluster.secret-key wherever it sits (next list item, flow or JSON
// array, continuation line, `=`), object-store credentials (inline flag,
// ConfigMap, flow-form Secret), env entries, URL passwords.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadDeployment, maskFor, secretsOf, thanosPodLabelValues } from '../src/index.js';
import { maskSpans, maskValues, spansThroughEdits } from '../src/output/secrets.js';
import { runWizard } from '../src/wizard/run.js';
import type { Prompter } from '../src/wizard/prompter.js';
import { ROOT, runMain, tempDir } from './support.js';

const FIXTURE = join(ROOT, 'fixtures', 'secrets');
const CANARY = /CANARY-[a-z0-9-]+/g;
const STORE = ['--store-endpoint', 'thanos-store.monitoring.svc:10901'];
const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit'];

function canariesIn(text: string): string[] {
  return [...new Set(text.match(CANARY) ?? [])].sort();
}

/** Every canary the fixture holds, one per place a secret can be. */
function allCanaries(): string[] {
  const dir = join(FIXTURE, 'deploy');
  return canariesIn(readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8')).join('\n'));
}

function stage(): string {
  const dir = tempDir('secrets');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Answers what the wizard asks without choosing anything: review choices are skipped, so nothing is written. */
const skippingPrompter: Prompter = {
  select: async (_message, choices, defaultValue) => (choices.some((c) => c.value === 'skip') ? 'skip' : (defaultValue ?? choices[0]!.value)) as never,
  input: async (_message, options) => options?.default ?? 'monitoring',
  confirm: async () => false,
};

/** The wizard up to its review, every file skipped: its stdout and stderr. */
async function wizardReview(dir: string, showSecrets: boolean): Promise<{ stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { cwd: dir, env: { NO_COLOR: '1' }, stdin: process.stdin, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } };
  const previous = process.cwd();
  process.chdir(dir);
  try {
    await runWizard('deploy', { thanosVersion: 'v0.5.0', storeEndpoint: [STORE[1]!], sdFormat: 'yaml', showSecrets }, io, { prompter: skippingPrompter, interactive: true });
  } finally {
    process.chdir(previous);
  }
  return { stdout: out.join(''), stderr: err.join('') };
}

/** Every output of every command, as [label, text] pairs. */
async function everyOutput(dir: string): Promise<[string, string][]> {
  const outputs: [string, string][] = [];
  const add = (label: string, result: { stdout: string; stderr: string }) => outputs.push([`${label} stdout`, result.stdout], [`${label} stderr`, result.stderr]);
  add('migrate preview', await runMain(['deploy', ...STORE], dir));
  add('migrate --plan-out', await runMain(['deploy', ...STORE, '--plan-out', 'plan.json'], dir));
  outputs.push(['plan.json', readFileSync(join(dir, 'plan.json'), 'utf8')]);
  // One check run writes every format: all but stylish to files.
  const files = FORMATS.slice(1).flatMap((format) => ['--format', `${format}=check.${format}`]);
  add('check', await runMain(['check', 'deploy', ...files, '--format', 'stylish'], dir));
  for (const format of FORMATS.slice(1)) outputs.push([`check --format ${format}`, readFileSync(join(dir, `check.${format}`), 'utf8')]);
  const cmd = 'thanos query --cluster.secret-key CANARY-cmd-text --cluster.peers=store:10900';
  add('migrate --cmd', await runMain(['--cmd', cmd, '--store-endpoint', 'store:10901'], dir));
  add('migrate -', await runMain(['-', '--store-endpoint', 'store:10901'], dir, {}, `${cmd.replace('cmd-text', 'stdin-text')}\n`));
  add('wizard review', await wizardReview(dir, false));
  return outputs;
}

test('secrets: the fixture has a canary in every place a secret can be', () => {
  assert.deepEqual(allCanaries(), [
    'CANARY-azure-configmap',
    'CANARY-azure-inline-flag',
    'CANARY-compose-equals',
    'CANARY-compose-flow',
    'CANARY-continuation',
    'CANARY-env-assignment',
    'CANARY-env-list-value',
    'CANARY-equals-quoted',
    'CANARY-flow-array',
    'CANARY-flow-data',
    'CANARY-gcs-private-key',
    'CANARY-next-list-item',
    'CANARY-s3-access-key',
    'CANARY-s3-secret-key',
    'CANARY-swift-credential-secret',
    'CANARY-swift-password',
    'CANARY-systemd-environment',
    'CANARY-systemd-quoted',
    'CANARY-url-password',
  ]);
});

test('secrets: the whole text of every input file, masked, holds no canary', async () => {
  const loaded = await loadDeployment([join(FIXTURE, 'deploy')], thanosPodLabelValues);
  const mask = maskFor(secretsOf(loaded.files));
  assert.equal(loaded.files.length, 5);
  for (const file of loaded.files) assert.deepEqual(canariesIn(mask.inFile(file)), [], file.path);
});

test('secrets: no output of any command or format shows one; --show-secrets shows them', async () => {
  const dir = stage();
  const leaks = (await everyOutput(dir)).flatMap(([label, text]) => canariesIn(text).map((canary) => `${label}: ${canary}`));
  assert.deepEqual(leaks, []);

  const preview = await runMain(['deploy', ...STORE, '--show-secrets'], dir);
  const review = await wizardReview(dir, true);
  const shown = new Set(canariesIn(preview.stdout + preview.stderr + review.stdout));
  // Those on changed lines or in diff context; the rest reach no output at all (the test above masks whole files).
  for (const canary of ['CANARY-next-list-item', 'CANARY-flow-array', 'CANARY-compose-flow', 'CANARY-continuation', 'CANARY-equals-quoted', 'CANARY-systemd-quoted', 'CANARY-azure-inline-flag', 'CANARY-gcs-private-key', 'CANARY-flow-data', 'CANARY-url-password']) {
    assert.ok(shown.has(canary), `${canary} with --show-secrets`);
  }
});

test('secrets: spans and values are masked without garbling the rest', () => {
  assert.equal(maskSpans('a=xyz b=12345', [{ start: 2, end: 5 }, { start: 8, end: 13 }, { start: 9, end: 11 }]), 'a=*** b=***');
  assert.equal(maskValues('key hunter2, and hunter2x', ['hunter2', 'hunter2x']), 'key ***, and ***');
  assert.equal(maskValues('unchanged', []), 'unchanged');
});

test('a rewrite is masked by the file\'s secret spans moved through the edits, as a search of the rewrite masks it', async () => {
  const { planMigration, migrationOptions } = await import('../src/index.js');
  const dirs = [join(FIXTURE, 'deploy'), ...readdirSync(join(ROOT, 'fixtures', 'cases')).map((name) => join(ROOT, 'fixtures', 'cases', name, 'input'))];
  let compared = 0;
  let moved = 0;
  for (const dir of dirs) {
    const loaded = await loadDeployment([dir], thanosPodLabelValues, { cwd: dir });
    const found = secretsOf(loaded.files);
    const mask = maskFor(found);
    for (const change of planMigration(loaded.files, migrationOptions({}), () => null).changes) {
      if (!change.source) continue;
      compared++;
      if (spansThroughEdits(found.spansIn(change.source), change.edits) !== null && found.spansIn(change.source).length > 0) moved++;
      assert.equal(mask.inRewrite(change.source, change.after, change.edits), mask.inFile({ ...change.source, text: change.after }), `${dir}: ${change.path}`);
    }
  }
  assert.ok(compared > 50, `rewrites compared: ${compared}`);
  assert.ok(moved > 0, 'some rewrite was masked by moved spans, not searched again');
});

test('spansThroughEdits moves spans past the edits before them and gives up where an edit touches one', () => {
  const file = { path: 'x', text: '', kind: 'plain' as const };
  const edit = (start: number, end: number, text: string) => ({ file, span: { start, end }, text });
  const secret = { start: 10, end: 14 };
  assert.deepEqual(spansThroughEdits([secret], [edit(0, 4, ''), edit(20, 20, 'added')]), [{ start: 6, end: 10 }]);
  assert.deepEqual(spansThroughEdits([secret], [edit(10, 10, 'ab')]), [{ start: 12, end: 16 }], 'an insertion at its start goes before it');
  assert.deepEqual(spansThroughEdits([secret], [edit(14, 14, 'ab')]), [secret], 'an insertion at its end goes after it');
  assert.equal(spansThroughEdits([secret], [edit(12, 12, 'x')]), null, 'an insertion inside it');
  assert.equal(spansThroughEdits([secret], [edit(8, 11, '')]), null, 'a removal of part of it');
  assert.deepEqual(spansThroughEdits([{ start: 30, end: 32 }, secret], [edit(20, 25, 'z')]), [secret, { start: 26, end: 28 }], 'spans given in any order come back in order');
});
