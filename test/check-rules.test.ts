// Every rule, every format: fixtures/check-rules/<rule>/input triggers the
// rule; expected/<format> holds the exact output of `check --format <format>`
// run in that folder. Regenerate with UPDATE_EXPECTED=1 after reading the diff.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES as RULES } from '../src/rules/index.js';
import { ROOT, runMain } from './support.js';

const DIR = join(ROOT, 'fixtures', 'check-rules');
const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab'] as const;
// Rules that report only warnings or infos pass under the default --fail-on error.
const EXPECTED_EXIT: Record<string, number> = { 'config-gossip-variable': 0, 'gossip-firewall-port': 0, 'gossip-network-policy': 0, 'gossip-peer-label': 0, 'gossip-peers-service': 0, 'gossip-port': 0, 'helm-gossip-template': 0, 'thanos-likely': 0, 'gossip-flag-docs': 0, 'unit-gossip-slot': 0, 'unit-component-mismatch': 0, 'gossip-published-port': 0, 'gossip-port-opened': 0, 'listen-address-conflict': 0 };

test('every registered rule has a fixture folder', () => {
  assert.deepEqual(readdirSync(DIR).sort(), RULES.map((rule) => rule.id).sort());
});

for (const rule of readdirSync(DIR).sort()) {
  for (const format of FORMATS) {
    test(`${rule}: check --format ${format}`, async () => {
      // A rule about answers needs some: args.json holds the options the case runs with.
      const argsPath = join(DIR, rule, 'args.json');
      const extra = existsSync(argsPath) ? (JSON.parse(readFileSync(argsPath, 'utf8')) as string[]) : [];
      const result = await runMain(['check', '--no-config', ...extra, '--format', format, 'input'], join(DIR, rule));
      const expectedPath = join(DIR, rule, 'expected', format);
      if (process.env.UPDATE_EXPECTED === '1') {
        mkdirSync(join(DIR, rule, 'expected'), { recursive: true });
        writeFileSync(expectedPath, result.stdout);
      }
      assert.equal(result.status, EXPECTED_EXIT[rule] ?? 1, result.stderr);
      assert.equal(result.stdout, readFileSync(expectedPath, 'utf8'));
      if (format === 'json') {
        const ids = (JSON.parse(result.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
        assert.ok(ids.includes(rule), `${rule} is reported`);
      }
    });
  }
}
