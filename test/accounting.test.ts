// The accounting promise over every fixture deployment: each gossip flag a
// plain token scan finds on a command line is accounted for exactly once,
// every leftover is reported, every edit is gossip-only, a second run is a
// no-op (the same checks npm run test:corpus applies to ../shared/corpus).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDeployment } from '../test-corpus/acceptance.js';
import { ROOT } from './support.js';

const deployments: string[] = [join(ROOT, 'fixtures', 'quickstart')];
for (const group of ['cases', 'check-rules']) {
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
