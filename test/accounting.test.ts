// The accounting promise over every fixture deployment: each gossip token an
// independent scan finds in any text file on disk is accounted for exactly
// once and truly (removed under an edit, manual under an error finding, left
// alone naming whose), every leftover is reported, every edit is
// gossip-only, a second run is a no-op (the same checks npm run test:corpus
// applies to ../shared/corpus).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditPlan, checkDeployment, checkTokens } from '../test-corpus/acceptance.js';
import { DEFAULT_MIGRATION_OPTIONS, loadSources, planMigration } from '../src/index.js';
import { ROOT } from './support.js';

const deployments: string[] = [join(ROOT, 'fixtures', 'quickstart')];
for (const group of ['cases', 'check-rules', 'silent']) {
  for (const name of readdirSync(join(ROOT, 'fixtures', group)).sort()) {
    const folder = join(ROOT, 'fixtures', group, name);
    const spec = existsSync(join(folder, 'case.json')) ? (JSON.parse(readFileSync(join(folder, 'case.json'), 'utf8')) as { input?: string }) : {};
    if (!spec.input) deployments.push(join(folder, 'input'));
  }
}

for (const dir of deployments) {
  test(`accounting: ${dir.slice(ROOT.length)}`, async () => {
    const result = await checkDeployment(dir);
    assert.deepEqual(result.failures, []);
  });
}

// The other fixture folders hold inputs next to expected outputs: the token invariant holds over all of it.
// fixtures/cli holds transcripts of the tool's output beside its input trees: only the trees are inputs.
for (const name of readdirSync(join(ROOT, 'fixtures')).sort()) {
  if (['cases', 'check-rules', 'silent', 'quickstart'].includes(name)) continue;
  const folder = name === 'cli' ? join('cli', 'trees') : name;
  test(`accounting, every token: fixtures/${folder}`, async () => {
    assert.deepEqual(await checkTokens(join(ROOT, 'fixtures', folder)), []);
  });
}

// Negative controls: the audit must fail on an unaccounted token, on a file
// the prefilter never read, and on a token turned over to another program
// without naming it.
test('accounting audit fails on a token nothing accounts for', async () => {
  const dir = join(ROOT, 'fixtures', 'silent', 'shell-program-variable', 'input');
  const { loaded, plan, onDisk } = await planOf(dir);
  const dropped = plan.accounting.find((account) => account.flag === '--cluster.peers')!;
  const broken = { ...plan, accounting: plan.accounting.filter((account) => account !== dropped) };
  assert.deepEqual(auditPlan(onDisk, loaded, broken).failures, [`${dropped.file.path}:17:3: 0 accounts for one gossip token`]);
});

test('accounting audit fails on a file with a gossip token that was never read', async () => {
  const dir = join(ROOT, 'fixtures', 'silent', 'shell-program-variable', 'input');
  const { loaded, plan, onDisk } = await planOf(dir);
  const unread = { ...loaded, files: [] };
  assert.deepEqual(auditPlan(onDisk, unread, plan).failures.filter((f) => f.includes('never read')), [`${join(dir, 'start-thanos.sh')}: holds 11 gossip token(s) but was never read`]);
});

test('accounting audit fails on a token left alone without naming whose it is', async () => {
  const dir = join(ROOT, 'fixtures', 'silent', 'shell-program-variable', 'input');
  const { loaded, plan, onDisk } = await planOf(dir);
  const accounting = plan.accounting.map((account) => (account.outcome === 'left-alone' ? { ...account, owner: undefined } : account));
  assert.deepEqual(auditPlan(onDisk, loaded, { ...plan, accounting }).failures, [
    `${join(dir, 'start-thanos.sh')}:40:3: left alone without naming whose it is`,
    `${join(dir, 'start-thanos.sh')}:41:3: left alone without naming whose it is`,
  ]);
});

async function planOf(dir: string) {
  const loaded = await loadSources([dir]);
  const plan = planMigration(loaded.files, DEFAULT_MIGRATION_OPTIONS, () => null);
  const onDisk = loaded.files.map((file) => ({ path: file.path, text: file.text }));
  return { loaded, plan, onDisk };
}
