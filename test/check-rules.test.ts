// Every rule, as data: fixtures/check-rules/<rule>/input triggers the rule
// (more cases of a rule in <rule>/cases/<case>/; test/messages.test.ts
// wants every message of every rule reported by some fixture); expected/findings.json holds
// what `check` run in that folder finds: ruleId, messageId, path, line, column
// and the rendered message of each finding. A rule's meta (its explanation,
// its catalogue entry) is in no golden, so changing it rewrites nothing here.
// Format exactness is the reporters' (test/reporters.test.ts), plus one case
// here run end to end in every format. Regenerate with UPDATE_EXPECTED=1
// after reading the diff.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ALL_RULES as RULES } from '../src/rules/index.js';
import { placeholdersOf } from '../src/rules/messages.js';
import type { FindingRecord } from '../src/model.js';
import { ROOT, runMain, type RunResult } from './support.js';

const DIR = join(ROOT, 'fixtures', 'check-rules');
const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab'] as const;
/** The case whose output is kept in every format: errors and warnings, fixable and not, two files. */
const FORMAT_CASE = 'loopback-unreachable';
// Rules (or cases) that report only warnings or infos pass under the default --fail-on error.
const EXPECTED_EXIT: Record<string, number> = { 'config-gossip-variable/cases/script-seed-variables': 1, 'gossip-peers-service/cases/peers-service-patched-by-overlay': 1, 'endpoint-answer-unused/cases/answer-for-migrated-querier': 0, 'unit-env-missing/cases/opaque-args-variable': 0, 'config-gossip-variable': 0, 'gossip-firewall-port': 0, 'gossip-network-policy': 0, 'gossip-peer-label': 0, 'gossip-peers-service': 0, 'gossip-port': 0, 'helm-gossip-template': 0, 'thanos-likely': 0, 'gossip-flag-docs': 0, 'unit-gossip-slot': 0, 'unit-component-mismatch': 0, 'gossip-published-port': 0, 'gossip-port-opened': 0, 'listen-address-conflict': 0 };

interface Case {
  rule: string;
  /** `gossip-flag`, `gossip-flag/cases/kept`. */
  name: string;
  dir: string;
}

const CASES: Case[] = readdirSync(DIR).sort().flatMap((rule) => {
  const more = join(DIR, rule, 'cases');
  const extra = existsSync(more) ? readdirSync(more).sort().map((name) => ({ rule, name: `${rule}/cases/${name}`, dir: join(more, name) })) : [];
  return [{ rule, name: rule, dir: join(DIR, rule) }, ...extra];
});

/** What a case asserts of each finding. */
type Found = Pick<FindingRecord, 'ruleId' | 'messageId' | 'path' | 'line' | 'column' | 'message'>;

async function check(dir: string, format: string): Promise<RunResult> {
  // A rule about answers needs some: args.json holds the options the case runs with.
  const argsPath = join(dir, 'args.json');
  const extra = existsSync(argsPath) ? (JSON.parse(readFileSync(argsPath, 'utf8')) as string[]) : [];
  return runMain(['check', '--no-config', ...extra, '--format', format, 'input'], dir);
}

function golden(path: string, actual: string): string {
  if (process.env.UPDATE_EXPECTED === '1') {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, actual);
  }
  return readFileSync(path, 'utf8');
}

test('every registered rule has a fixture folder', () => {
  assert.deepEqual(readdirSync(DIR).sort(), RULES.map((rule) => rule.id).sort());
});

for (const { rule, name, dir } of CASES) {
  test(`${name}: findings`, async () => {
    const result = await check(dir, 'json');
    assert.equal(result.status, EXPECTED_EXIT[name] ?? EXPECTED_EXIT[rule] ?? 1, result.stderr);
    const findings = (JSON.parse(result.stdout) as { findings: FindingRecord[] }).findings;
    const found: Found[] = findings.map(({ ruleId, messageId, path, line, column, message }) => ({ ruleId, messageId, path, line, column, message }));
    const expected = golden(join(dir, 'expected', 'findings.json'), `${JSON.stringify(found, null, 2)}\n`);
    assert.deepEqual(found, JSON.parse(expected));
    assert.ok(found.some((f) => f.ruleId === rule), `${rule} is reported`);
    for (const finding of findings) {
      const table = RULES.find((candidate) => candidate.id === finding.ruleId)?.meta.messages ?? {};
      const template = table[finding.messageId];
      assert.ok(template !== undefined, `${finding.ruleId} reports ${finding.messageId}, which is not in its message table`);
      assert.deepEqual(Object.keys(finding.data).sort(), placeholdersOf(template).sort(), `${finding.ruleId}/${finding.messageId}: data is what its template names`);
    }
  });
}

for (const format of FORMATS) {
  test(`${FORMAT_CASE}: check --format ${format}, end to end`, async () => {
    const dir = join(DIR, FORMAT_CASE);
    const result = await check(dir, format);
    assert.equal(result.status, EXPECTED_EXIT[FORMAT_CASE] ?? 1, result.stderr);
    assert.equal(result.stdout, golden(join(dir, 'expected', format), result.stdout), relative(ROOT, dir));
  });
}
