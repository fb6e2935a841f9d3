// The wizard hides nothing migrate would say: before its first prompt it
// shows every finding of migrate's report (questions, work left for a human,
// warnings, suppressions that match nothing), for every fixture case.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runMain, tempDir } from './support.js';

const CASES = join(ROOT, 'fixtures', 'cases');

for (const name of readdirSync(CASES).sort()) {
  test(`wizard shows what migrate reports: case ${name}`, async () => {
    const spec = JSON.parse(readFileSync(join(CASES, name, 'case.json'), 'utf8')) as { input?: string; args: string[] };
    const dir = tempDir('wizard-report');
    cpSync(join(CASES, name, spec.input ?? 'input'), join(dir, 'input'), { recursive: true });
    const migrate = await runMain(['migrate', ...spec.args, 'input'], dir);
    const findings = migrate.stderr.split('\n').filter((line) => /^\S+:\d+(?::\d+)?: (?:error|warning|info): /.test(line));
    // Without a terminal the wizard stops where it would ask first: its stdout is all it shows before a prompt.
    const wizard = await runMain(['wizard', ...spec.args, 'input'], dir);
    const missing = findings.filter((line) => !wizard.stdout.includes(line));
    assert.deepEqual(missing, [], wizard.stdout);
  });
}
