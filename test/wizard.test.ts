// The wizard's prompt flows, one question at a time, on @inquirer/testing's
// virtual terminal; the session logic with a scripted prompter; answers
// files, shell quoting, and the no-terminal contract through the real bin.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { render } from '@inquirer/testing';
import { loadDeployment, planMigration, thanosPodLabelValues, type MigrationPlan } from '../src/index.js';
import { migrationOptions, type RawOptions } from '../src/index.js';
import { inquirerPrompter, type PromptStreams } from '../src/wizard/prompter.js';
import { QUESTIONS, openQuestions, type Question } from '../src/wizard/questions.js';
import { answersToRaw, parseAnswers, serializeAnswers, type WizardAnswers } from '../src/wizard/answers.js';
import { equivalentCommand, shellQuote } from '../src/wizard/command.js';
import { reviewUnits } from '../src/wizard/review.js';
import { runWizard } from '../src/wizard/run.js';
import { memoryIo, readTree, ROOT, runMain, scripted, tempDir } from './support.js';

const WIZARD = join(ROOT, 'fixtures', 'wizard');

async function planOf(dir: string, raw: RawOptions = {}): Promise<MigrationPlan> {
  const loaded = await loadDeployment([dir], thanosPodLabelValues);
  return planMigration(loaded.files, migrationOptions(raw), () => null);
}

function question(id: string): Question {
  return QUESTIONS.find((q) => q.id === id)!;
}

/** Renders one question's flow on a virtual terminal. */
async function ask(id: string, plan: MigrationPlan, answers: WizardAnswers = {}) {
  const said: string[] = [];
  const rendered = await render((_config: object, context) => question(id).ask(inquirerPrompter(context as unknown as PromptStreams), { plan, answers, say: (t) => said.push(t) }), {});
  return { ...rendered, said };
}

test('keep-gossip: Enter removes gossip; the second choice keeps it', async () => {
  const plan = await planOf(join(WIZARD, 'compose'));
  const first = await ask('keep-gossip', plan);
  assert.match(first.getScreen(), /Remove gossip in this run\?/);
  first.events.keypress('enter');
  assert.equal(await first.answer, false);
  const second = await ask('keep-gossip', plan);
  second.events.keypress('down');
  second.events.keypress('enter');
  assert.equal(await second.answer, true);
});

test('thanos-version: the bands, and another version validated then normalised', async () => {
  const plan = await planOf(join(WIZARD, 'compose'));
  const band = await ask('thanos-version', plan);
  band.events.keypress('down');
  band.events.keypress('enter');
  assert.equal(await band.answer, 'v0.38.0');

  const other = await ask('thanos-version', plan);
  other.events.keypress('down');
  other.events.keypress('down');
  other.events.keypress('enter');
  await other.nextRender();
  other.events.type('banana');
  other.events.keypress('enter');
  await other.nextRender();
  assert.match(other.getScreen(), /expected a version like v0\.32\.0/);

  const typed = await ask('thanos-version', plan);
  typed.events.keypress('down');
  typed.events.keypress('down');
  typed.events.keypress('enter');
  await typed.nextRender();
  typed.events.type('0.32');
  typed.events.keypress('enter');
  assert.equal(await typed.answer, 'v0.32.0');
});

test('namespace: asked when objects lack metadata.namespace, validated as a DNS label', async () => {
  const plan = await planOf(join(WIZARD, 'k8s'));
  assert.deepEqual(openQuestions({ plan, answers: { 'thanos-version': 'v0.5.0' } }).map((q) => q.id), ['namespace', 'leftovers']);
  const bad = await ask('namespace', plan);
  bad.events.type('Monitoring_NS');
  bad.events.keypress('enter');
  await bad.nextRender();
  assert.match(bad.getScreen(), /DNS label/);

  const good = await ask('namespace', plan);
  assert.match(good.said.join(''), /StatefulSet\/prometheus \(no metadata\.namespace\)/);
  good.events.type('monitoring');
  good.events.keypress('enter');
  assert.equal(await good.answer, 'monitoring');
  const answered = await planOf(join(WIZARD, 'k8s'), { namespace: 'monitoring' });
  assert.equal(answered.blocking.length, 0);
  assert.ok(!openQuestions({ plan: answered, answers: { 'thanos-version': 'v0.5.0', namespace: 'monitoring' } }).some((q) => q.id === 'store-endpoint'));
});

test('store-endpoint: asks per Querier, shows where its mesh leads outside the input, takes a comma-separated list', async () => {
  const plan = await planOf(join(ROOT, 'fixtures', 'cases', 'systemd-unresolved', 'input'));
  assert.ok(openQuestions({ plan, answers: {} }).some((q) => q.id === 'store-endpoint'));
  const bad = await ask('store-endpoint', plan);
  bad.events.type('no-port');
  bad.events.keypress('enter');
  await bad.nextRender();
  assert.match(bad.getScreen(), /expected \[NAME=\]HOST:PORT/);

  const good = await ask('store-endpoint', plan);
  assert.match(good.said.join(''), /thanos query thanos-query\.service found its StoreAPI endpoints through gossip; the files do not give all of them:\n  - seed thanos-store\.internal:10900 at \S*thanos-query\.service:2:62 leads outside the input/);
  good.events.type('10.0.0.1:10901, dns+store.example:10901');
  good.events.keypress('enter');
  assert.deepEqual(await good.answer, ['thanos-query.service=10.0.0.1:10901', 'thanos-query.service=dns+store.example:10901']);
});

test('sd-format and leftovers: defaults on Enter, the other choice one key down', async () => {
  const plan = await planOf(join(WIZARD, 'k8s'), { namespace: 'monitoring' });
  const format = await ask('sd-format', plan);
  format.events.keypress('down');
  format.events.keypress('enter');
  assert.equal(await format.answer, 'json');
  const leftovers = await ask('leftovers', plan);
  assert.match(leftovers.said.join(''), /Service thanos-peers only serves the gossip port/);
  leftovers.events.keypress('enter');
  assert.equal(await leftovers.answer, 'remove');
});

test('sd-path: never asked on Kubernetes; on compose the default (null) or a typed path', async () => {
  const kube = await planOf(join(WIZARD, 'k8s'), { namespace: 'monitoring' });
  assert.ok(!openQuestions({ plan: kube, answers: {} }).some((q) => q.id === 'sd-path'));
  const plan = await planOf(join(WIZARD, 'compose'));
  const keep = await ask('sd-path', plan);
  assert.match(keep.getScreen(), /\/etc\/thanos\/thanos-store-sd\.query\.yaml/);
  keep.events.keypress('enter');
  assert.equal(await keep.answer, null);
  const other = await ask('sd-path', plan);
  other.events.keypress('down');
  other.events.keypress('enter');
  await other.nextRender();
  other.events.type('/etc/thanos/sd/stores.yaml');
  other.events.keypress('enter');
  assert.equal(await other.answer, '/etc/thanos/sd/stores.yaml');
});

test('Ctrl-C at a prompt rejects with ExitPromptError', async () => {
  const plan = await planOf(join(WIZARD, 'compose'));
  const flow = await ask('thanos-version', plan);
  flow.events.keypress({ name: 'c', ctrl: true });
  await assert.rejects(flow.answer, { name: 'ExitPromptError' });
});

test('session: answers, per-file review, SD file only with its reader, equivalent command', async () => {
  const dir = tempDir('wizard-session');
  cpSync(join(WIZARD, 'compose'), join(dir, 'compose'), { recursive: true });
  const prompter = scripted(['remove', 'v0.5.0', 'yaml', 'other', '/etc/thanos/sd/stores.yaml', 'accept', true]);
  const io = memoryIo(dir);
  const code = await runWizard('compose', { saveAnswers: 'answers.json' }, io, { prompter, interactive: true });
  assert.equal(code, 0, io.err());
  const tree = readTree(join(dir, 'compose'));
  assert.deepEqual([...tree.keys()], ['docker-compose.yml', 'stores.query.yaml']);
  assert.match(tree.get('docker-compose.yml')!, /--store\.sd-files=\/etc\/thanos\/sd\/stores\.yaml/);
  assert.doesNotMatch(tree.get('docker-compose.yml')!.replace(/alertmanager[\s\S]*$/, ''), /--cluster\./);
  const output = io.out();
  assert.match(output, /npx thanos-gossip-migrate migrate --write --thanos-version v0\.5\.0 --sd-format yaml --sd-path \/etc\/thanos\/sd\/stores\.yaml compose\n/);
  const saved = parseAnswers(readFileSync(join(dir, 'answers.json'), 'utf8'), 'answers.json');
  assert.deepEqual(saved.files, { 'compose/docker-compose.yml': 'accept' });
  assert.equal(saved.write, true);
});

test('session: a skipped file and its SD file stay untouched', async () => {
  const dir = tempDir('wizard-skip');
  cpSync(join(WIZARD, 'compose'), join(dir, 'compose'), { recursive: true });
  const before = readTree(join(dir, 'compose'));
  const io = memoryIo(dir);
  const code = await runWizard('compose', { thanosVersion: 'v0.5.0', sdFormat: 'yaml', sdPath: '/etc/thanos/sd.yaml' }, io, { prompter: scripted(['skip']), interactive: true });
  assert.equal(code, 0);
  assert.deepEqual(readTree(join(dir, 'compose')), before);
  assert.match(io.out(), /Every file skipped/);
});

test('session: Ctrl-C at the last prompt writes nothing and returns 130', async () => {
  const dir = tempDir('wizard-abort');
  cpSync(join(WIZARD, 'k8s'), join(dir, 'k8s'), { recursive: true });
  const before = readTree(dir);
  const exit = Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
  const io = memoryIo(dir);
  const code = await runWizard('k8s', {}, io, { prompter: scripted(['remove', 'v0.5.0', 'monitoring', 'yaml', 'remove', 'accept', 'accept', 'accept', exit]), interactive: true });
  assert.equal(code, 130);
  assert.deepEqual(readTree(dir), before);
  assert.match(io.err(), /Cancelled: no file was changed/);
});

test('answers files: shape checked, unknown keys refused, null means the default', () => {
  const answers = parseAnswers('{"version":1,"thanos-version":"v0.38.0","sd-path":null,"store-endpoint":["a:1"],"files":{"x":"skip"}}', 'a.json');
  assert.deepEqual(answersToRaw(answers), { thanosVersion: 'v0.38.0', storeEndpoint: ['a:1'] });
  assert.throws(() => parseAnswers('{"colour":"red"}', 'a.json'), /unknown key "colour"/);
  assert.throws(() => parseAnswers('{"leftovers":"burn"}', 'a.json'), /"leftovers" must be/);
  assert.throws(() => parseAnswers('[]', 'a.json'), /JSON object/);
  assert.deepEqual(parseAnswers(serializeAnswers(answers), 'a.json'), answers);
});

test('the equivalent command is shell-quoted', () => {
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote('a b'), `'a b'`);
  assert.equal(shellQuote(''), `''`);
  assert.equal(shellQuote('/etc/thanos/sd.yaml'), '/etc/thanos/sd.yaml');
  assert.equal(
    equivalentCommand({ namespace: 'mon', 'store-endpoint': ['a:1', 'dns+b:2'], 'sd-path': '/my dir/$HOME.yaml' }, 'deploy dir', { write: true }),
    `npx thanos-gossip-migrate migrate --write --namespace mon --store-endpoint a:1 --store-endpoint dns+b:2 --sd-path '/my dir/$HOME.yaml' 'deploy dir'`,
  );
});

test('review units: each SD file travels with the file whose flag reads it', async () => {
  const plan = await planOf(join(WIZARD, 'compose'), { thanosVersion: 'v0.5.0' });
  const units = reviewUnits(plan);
  assert.equal(units.length, 1);
  assert.deepEqual(units[0]!.changes.map((c) => c.path.replace(/^.*fixtures\//, '')), ['wizard/compose/docker-compose.yml', 'wizard/compose/thanos-store-sd.query.yaml']);
});

test('no terminal: exit 2, open questions with their flags on stderr, nothing written', async () => {
  const dir = tempDir('wizard-notty');
  cpSync(join(WIZARD, 'k8s'), join(dir, 'k8s'), { recursive: true });
  const before = readTree(dir);
  const result = await runMain(['wizard', 'k8s'], dir);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /no terminal to ask on/);
  assert.match(result.stderr, /--thanos-version V/);
  assert.match(result.stderr, /--namespace NS/);
  assert.deepEqual(readTree(dir), before);
});

test('no terminal, complete answers file: the replay runs through and writes', async () => {
  const dir = tempDir('wizard-replay-ci');
  cpSync(join(WIZARD, 'k8s'), join(dir, 'k8s'), { recursive: true });
  const answers = { 'thanos-version': 'v0.5.0', namespace: 'monitoring', 'sd-format': 'yaml', leftovers: 'report', files: { 'k8s/prometheus.yaml': 'accept', 'k8s/query.yaml': 'accept', 'k8s/store.yaml': 'accept' }, write: true };
  writeFileSync(join(dir, 'answers.json'), JSON.stringify(answers));
  const result = await runMain(['wizard', 'k8s', '--answers', 'answers.json'], dir, { CI: 'true' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /npx thanos-gossip-migrate migrate --write --thanos-version v0\.5\.0 --namespace monitoring --sd-format yaml --leftovers report k8s/);
  // The printed command does exactly what the wizard did.
  const again = tempDir('wizard-replay-cmd');
  cpSync(join(WIZARD, 'k8s'), join(again, 'k8s'), { recursive: true });
  const migrate = await runMain(['migrate', '--write', '--thanos-version', 'v0.5.0', '--namespace', 'monitoring', '--sd-format', 'yaml', '--leftovers', 'report', 'k8s'], again);
  assert.equal(migrate.status, 0, migrate.stderr);
  assert.deepEqual(readTree(join(again, 'k8s')), readTree(join(dir, 'k8s')));
  assert.match(readTree(join(dir, 'k8s')).get('prometheus.yaml')!, /name: thanos-peers/); // --leftovers report
});

test('bad replayed values are usage errors', async () => {
  const dir = tempDir('wizard-bad-answers');
  writeFileSync(join(dir, 'answers.json'), '{"thanos-version":"banana"}');
  const result = await runMain(['wizard', resolve(WIZARD, 'k8s'), '--answers', 'answers.json'], dir);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--thanos-version banana/);
});
