// No silent pass: every folder in fixtures/silent is one way a gossip flag
// used to pass `check` with exit 0 (a program started through a variable, a
// heredoc in a Markdown fence, an env file without its unit…). In each,
// `check --format json input` must print expected/check.json exactly, and,
// where the tool can edit, the preview must print expected/migrate.diff
// exactly. Regenerate with UPDATE_EXPECTED=1 after reading the diff.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runMain } from './support.js';

interface SilentCase {
  /** Extra arguments for both runs (`--store-endpoint`, `--sd-path`). */
  args?: string[];
  /** Exit code of `check` (default 1: gossip is left). */
  checkExit?: number;
  /** Exit code of the preview (default 1: changes pending). */
  migrateExit?: number;
}

const CASES = join(ROOT, 'fixtures', 'silent');

function compare(path: string, actual: string): void {
  if (process.env.UPDATE_EXPECTED === '1') {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, actual);
  }
  assert.equal(actual, readFileSync(path, 'utf8'));
}

for (const name of readdirSync(CASES).sort()) {
  const dir = join(CASES, name);
  const spec = (existsSync(join(dir, 'case.json')) ? JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) : {}) as SilentCase;
  const args = spec.args ?? [];

  test(`silent ${name}: check --format json`, async () => {
    const result = await runMain(['check', '--no-config', '--format', 'json', ...args, 'input'], dir);
    assert.equal(result.status, spec.checkExit ?? 1, result.stderr);
    compare(join(dir, 'expected', 'check.json'), result.stdout);
  });

  const diffPath = join(dir, 'expected', 'migrate.diff');
  if (existsSync(diffPath) || process.env.UPDATE_EXPECTED === '1') {
    test(`silent ${name}: migrate preview diff`, async () => {
      const result = await runMain([...args, 'input'], dir);
      assert.equal(result.status, spec.migrateExit ?? 1, result.stderr);
      if (process.env.UPDATE_EXPECTED === '1' && result.stdout === '') {
        assert.ok(!existsSync(diffPath), `${name}: nothing to edit, yet expected/migrate.diff exists`);
        return;
      }
      compare(diffPath, result.stdout);
    });
  }
}
