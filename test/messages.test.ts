// Findings as data: each rule's message table (meta.messages), the renderer,
// and completeness. A messageId outside a rule's table, or data missing a
// placeholder, does not compile (src/rules/messages.ts); this holds the
// other half: every message of every rule is reported by some fixture (the
// check-rules goldens, and every fixture tree analysed with its options).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALL_RULES } from '../src/rules/index.js';
import { counted, placeholdersOf, renderMessage } from '../src/rules/messages.js';
import { analyze } from '../src/engine.js';
import { loadDeployment } from '../src/load.js';
import { thanosPodLabelValues, type MigrationOptions } from '../src/index.js';
import { migrationOptions } from '../src/raw-options.js';
import { readTextOrNull } from '../src/sources/read.js';
import { caseArgs, ROOT } from './support.js';

const FIXTURES = join(ROOT, 'fixtures');

test('renderMessage: placeholders from data, lists joined with ", ", values never read as templates', () => {
  assert.equal(renderMessage('{{flag}} on {{hosts}} ({{n}})', { flag: '--cluster.peers', hosts: ['a:1', 'b:2'], n: 2 }), '--cluster.peers on a:1, b:2 (2)');
  assert.equal(renderMessage('{{a}} and {{b}}', { a: '{{b}} $& $1', b: 'x' }), '{{b}} $& $1 and x');
  assert.throws(() => renderMessage('{{missing}}', {}), /message data has no missing/);
  assert.deepEqual(placeholdersOf('{{a}} {{b}} {{a}}'), ['a', 'b']);
  assert.equal(counted(1, 'place'), '1 place');
  assert.equal(counted(3, 'gossip setting'), '3 gossip settings');
});

test('every rule has a message table; every template is plain text with {{name}} placeholders', () => {
  for (const rule of ALL_RULES) {
    assert.ok(Object.keys(rule.meta.messages).length > 0, `${rule.id} declares its messages`);
    for (const [id, template] of Object.entries(rule.meta.messages)) {
      assert.match(id, /^[a-z][A-Za-z]*$/, `${rule.id}/${id}: a messageId is camelCase`);
      assert.doesNotMatch(template.replace(/\{\{\w+\}\}/g, ''), /\{\{|\}\}/, `${rule.id}/${id}: only {{name}} placeholders`);
    }
  }
});

/** messageIds reported, by rule. */
const used = new Map<string, Set<string>>();
const note = (ruleId: string, messageId: string) => used.set(ruleId, (used.get(ruleId) ?? new Set()).add(messageId));

/** The check-rules goldens: every case of every rule. */
function goldens(): string[] {
  const dir = join(FIXTURES, 'check-rules');
  return readdirSync(dir).flatMap((rule) => {
    const more = join(dir, rule, 'cases');
    const cases = existsSync(more) ? readdirSync(more).map((name) => join(more, name)) : [];
    return [join(dir, rule), ...cases].map((path) => join(path, 'expected', 'findings.json'));
  });
}

/** Every other fixture tree the tool migrates, with the options its tests run it with. */
function trees(): { dir: string; options: MigrationOptions }[] {
  const defaults = migrationOptions({});
  const list: { dir: string; options: MigrationOptions }[] = [];
  for (const name of readdirSync(join(FIXTURES, 'cases'))) {
    const spec = JSON.parse(readFileSync(join(FIXTURES, 'cases', name, 'case.json'), 'utf8')) as { input?: string; args: string[] };
    const raw = caseArgs(spec.args);
    list.push({ dir: resolve(FIXTURES, 'cases', name, spec.input ?? 'input'), options: raw.keepGossip ? { ...migrationOptions(raw), keepGossip: true } : migrationOptions(raw) });
  }
  for (const name of readdirSync(join(FIXTURES, 'silent'))) list.push({ dir: join(FIXTURES, 'silent', name, 'input'), options: defaults });
  for (const dir of ['yaml-units', 'embedded', 'jsonnet', 'wizard/compose', 'wizard/k8s', 'check/deploy', 'quickstart']) list.push({ dir: join(FIXTURES, dir), options: defaults });
  return list;
}

/**
 * Messages no fixture reports yet, each reached only by unit tests over temp
 * trees (crash resume, wizard refusals) or by inputs not yet written. The
 * list must match exactly: covering one fails this test until it leaves the
 * list, and a new message without a fixture fails it too.
 */
const NOT_YET_COVERED: string[] = [];

test('every message of every rule is reported by some fixture', async () => {
  for (const path of goldens()) {
    for (const finding of JSON.parse(readFileSync(path, 'utf8')) as { ruleId: string; messageId: string }[]) note(finding.ruleId, finding.messageId);
  }
  for (const tree of trees()) {
    if (!existsSync(tree.dir)) continue;
    const loaded = await loadDeployment([tree.dir], thanosPodLabelValues);
    for (const finding of analyze(loaded.files, tree.options, (path) => readTextOrNull(path)).findings) note(finding.ruleId, finding.messageId);
  }
  const unused = ALL_RULES.flatMap((rule) => Object.keys(rule.meta.messages).filter((id) => !used.get(rule.id)?.has(id)).map((id) => `${rule.id}/${id}`));
  assert.deepEqual(unused, NOT_YET_COVERED, 'add a case under fixtures/check-rules/<rule>/cases/<case>/ for each new message');
});
