// The pre-commit hooks as users get them: the real `pre-commit try-repo`
// installs this repository with npm (language node: npm install, npm pack,
// npm install -g of the tarball) and runs both hooks in a throwaway git
// repository. A Querier is staged while its sidecar sits committed in another
// file: the hooks still see both (pass_filenames: false, the whole repository
// is checked), fail, and pass once `migrate --write` has run.
//
// Slow (each try-repo installs afresh, ~25 s), so it runs in `npm run
// test:ship` from .ci/run, not in `npm test`. npm prefers its cache
// (`npm ci` filled it) and asks the registry only for what is missing.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { ROOT, runTool, showRun, skipWithout, tempDir, toolEnv } from '../support.js';

const dir = tempDir('pre-commit');
after(() => rmSync(dir, { recursive: true, force: true }));

const GIT_IDENTITY = { GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.invalid' };
const env = toolEnv({ ...GIT_IDENTITY, PRE_COMMIT_HOME: join(dir, 'pre-commit-home'), PRE_COMMIT_COLOR: 'never', npm_config_prefer_offline: 'true' });
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' });

/** This checkout as a repository of one commit: tracked and untracked files, what .gitignore leaves out left out (dist/, node_modules/). */
function hookRepository(): { path: string; ref: string } {
  const path = join(dir, 'hooks');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(path, file)), { recursive: true });
    try {
      cpSync(join(ROOT, file), join(path, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // deleted but not yet staged
    }
  }
  git(path, 'init', '-q');
  git(path, 'add', '-A');
  git(path, 'commit', '-q', '-m', 'hooks');
  return { path, ref: git(path, 'rev-parse', 'HEAD').trim() };
}

const SIDECAR = '#!/bin/sh\nexec thanos sidecar --grpc-address=10.0.3.11:10901 --cluster.address=0.0.0.0:10900 --cluster.peers=10.0.3.10:10900\n';
const QUERY = '#!/bin/sh\nexec thanos query --http-address=0.0.0.0:10902 --cluster.address=0.0.0.0:10900 --cluster.advertise-address=10.0.3.10:10900 --cluster.peers=10.0.3.11:10900\n';

test('pre-commit try-repo: both hooks fail on gossip (also in a file not staged), and pass after migrate --write', { skip: skipWithout('pre-commit'), timeout: 300_000 }, async () => {
  const hooks = hookRepository();
  const user = join(dir, 'user');
  mkdirSync(user);
  git(user, 'init', '-q');
  writeFileSync(join(user, 'sidecar.sh'), SIDECAR);
  git(user, 'add', 'sidecar.sh');
  git(user, 'commit', '-q', '-m', 'sidecar, committed before the hooks');
  writeFileSync(join(user, 'query.sh'), QUERY);
  git(user, 'add', 'query.sh');

  const tryRepo = () => runTool('pre-commit', ['try-repo', hooks.path, '--ref', hooks.ref], user, 240_000, env);

  const failing = await tryRepo();
  assert.equal(failing.status, 1, showRun(failing));
  const out = failing.stdout;
  assert.match(out, /^thanos-gossip-migrate check \(no gossip clustering left\)\.+Failed$/m, showRun(failing));
  assert.match(out, /^thanos-gossip-migrate \(preview the migration off gossip\)\.+Failed$/m, showRun(failing));
  // The sidecar is not staged, yet the check reports it and the Querier learns its endpoint from it.
  assert.match(out, /^sidecar\.sh$/m, out);
  // Stylish wraps at 100 columns off a terminal; the rule id ends the finding's first line.
  assert.match(out, /^\s+2:\d+\s+error\s+--cluster\.peers=10\.0\.3\.10:10900: gossip flag on thanos sidecar,.*\bgossip-flag$/m, out);
  assert.match(out, /^\+    - 10\.0\.3\.11:10901$/m, 'the preview lists the sidecar in the Querier\'s SD file');
  assert.equal(readFileSync(join(user, 'query.sh'), 'utf8'), QUERY, 'the preview hook wrote nothing');

  let stderr = '';
  // An absolute path: relative paths are read from the process's working directory, not io.cwd.
  const code = await main(['migrate', '--write', '--allow-dirty', user], {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: process.stdin,
    env: { NO_COLOR: '1' },
    cwd: user,
  });
  assert.equal(code, 0, stderr);
  assert.equal(
    readFileSync(join(user, 'query.sh'), 'utf8'),
    '#!/bin/sh\nexec thanos query --http-address=0.0.0.0:10902 --store.sd-files="$(dirname "$0")/thanos-store-sd.yaml"\n',
  );
  git(user, 'add', '-A');

  const passing = await tryRepo();
  assert.equal(passing.status, 0, showRun(passing));
  assert.match(passing.stdout, /^thanos-gossip-migrate check \(no gossip clustering left\)\.+Passed$/m);
  assert.match(passing.stdout, /^thanos-gossip-migrate \(preview the migration off gossip\)\.+Passed$/m);
});

test('.pre-commit-hooks.yaml: two node hooks over the whole repository', async () => {
  const { load } = await import('js-yaml');
  const hooks = load(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
  assert.deepEqual(
    hooks.map((hook) => [hook['id'], hook['entry'], hook['language'], hook['pass_filenames'], hook['args'] ?? null]),
    [
      ['thanos-gossip-migrate-check', 'thanos-gossip-migrate check', 'node', false, null],
      ['thanos-gossip-migrate', 'thanos-gossip-migrate migrate', 'node', false, ['.']],
    ],
  );
});
