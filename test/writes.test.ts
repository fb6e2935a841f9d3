// The write path's guarantees, one test per item of the write-safety issue:
// apply stays inside the plan's roots; write errors stay with their file;
// no lost update; only our own dead temp files are swept; owner and mode
// kept; the dirty-tree guard fails closed; an incomplete SD list is not
// written without --force; links named on the command line are written
// through, and confinement is checked again at open time. In process
// (library or `main`), except where another user is the point.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, nodeFor, readTree, ROOT, runMain, tempDir, tempFilesIn } from './support.js';
import { exitCodeFor, loadDeployment, planMigration, thanosPodLabelValues, uncommittedFiles, writePlan, type GitRunner, type WriteHooks } from '../src/index.js';
import { migrationOptions } from '../src/raw-options.js';
import { readTextOrNull } from '../src/sources/read.js';
import { processStartTicks, tempNameOf } from '../src/write/temp-names.js';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

const sidecar = (k: number) => `#!/bin/sh\n./thanos sidecar \\\n  --tsdb.path=/data/${k} \\\n  --grpc-address=0.0.0.0:10901 \\\n  --grpc-advertise-address=10.1.0.${k}:10901 \\\n  --cluster.peers=10.0.0.1:10900 &\nwait\n`;
const sidecarMigrated = (k: number) => `#!/bin/sh\n./thanos sidecar \\\n  --tsdb.path=/data/${k} \\\n  --grpc-address=0.0.0.0:10901 &\nwait\n`;
const QUERY = '#!/bin/sh\n./thanos query --http-address=0.0.0.0:10902 --cluster.address=10.0.0.1:10900 --cluster.peers=10.0.0.1:10900\n';

/** Plans `dir` as `migrate .` would, then writes it in place through the library with `hooks`. */
async function writeWithHooks(dir: string, hooks: WriteHooks) {
  const loaded = await loadDeployment(['.'], thanosPodLabelValues, { cwd: dir });
  const plan = planMigration(loaded.files, migrationOptions({}), (path) => readTextOrNull(join(dir, path)));
  return writePlan(plan, { kind: 'in-place', inputs: ['.'] }, { cwd: dir, hooks });
}

// 1. apply is confined -------------------------------------------------------

interface PlanJson {
  roots: string[];
  inputs: { path: string; sha256: string }[];
  changes: Record<string, unknown>[];
}

/** A tree, a file outside it, and a plan made for the tree. */
async function plannedTree(): Promise<{ dir: string; plan: PlanJson; before: Map<string, string> }> {
  const dir = tempDir('apply-confined');
  mkdirSync(join(dir, 'repo', 'deploy'), { recursive: true });
  mkdirSync(join(dir, 'outside'));
  writeFileSync(join(dir, 'repo', 'deploy', 'sidecar.sh'), sidecar(1));
  writeFileSync(join(dir, 'repo', 'deploy', 'query.sh'), QUERY);
  writeFileSync(join(dir, 'outside', 'victim.sh'), '#!/bin/sh\necho mine\n');
  const made = await runMain(['--plan-out', 'plan.json', '-q', 'deploy'], join(dir, 'repo'));
  assert.equal(made.status, 1, made.stderr);
  return { dir, plan: JSON.parse(readFileSync(join(dir, 'repo', 'plan.json'), 'utf8')) as PlanJson, before: readTree(dir) };
}

async function applyTampered(dir: string, plan: PlanJson) {
  writeFileSync(join(dir, 'repo', 'plan.json'), JSON.stringify(plan));
  return runMain(['apply', 'plan.json'], join(dir, 'repo'));
}

test('apply: a hand-edited plan cannot create or edit anything outside its roots, and writes nothing at all then', async () => {
  const { dir, plan, before } = await plannedTree();
  assert.deepEqual(plan.roots, ['deploy']);
  const victim = readFileSync(join(dir, 'outside', 'victim.sh'), 'utf8');
  const sha = (await import('../src/plan-file.js')).sha256(victim);
  const attacks: [string, PlanJson, RegExp][] = [
    ['an absolute create', { ...plan, changes: [...plan.changes, { path: join(dir, 'outside', 'abs.sh'), kind: 'create', content: 'evil\n', requires: [] }] }, /: an absolute path$/m],
    ['a create climbing out with ..', { ...plan, changes: [...plan.changes, { path: '../outside/evil.sh', kind: 'create', content: 'evil\n', requires: [] }] }, /^ {2}\.\.\/outside\/evil\.sh: climbs out with \.\.$/m],
    ['a create under a root, then ..', { ...plan, changes: [...plan.changes, { path: 'deploy/../../outside/evil.sh', kind: 'create', content: 'evil\n', requires: [] }] }, /climbs out with \.\./],
    ['an edit of an outside file whose hash it knows', { ...plan, inputs: [...plan.inputs, { path: '../outside/victim.sh', sha256: sha }], changes: [...plan.changes, { path: '../outside/victim.sh', kind: 'edit', sha256: sha, sha256After: sha, edits: [{ start: 0, end: 0, text: 'evil' }], requires: [] }] }, /victim\.sh: climbs out/],
    ['a root that is absolute', { ...plan, roots: ['/'], changes: [...plan.changes, { path: 'x', kind: 'create', content: 'evil\n', requires: [] }] }, /root \/: an absolute path/],
    ['a root above the plan', { ...plan, roots: ['..'], changes: [...plan.changes, { path: '../outside/evil.sh', kind: 'create', content: 'evil\n', requires: [] }] }, /root \.\.: climbs out with \.\./],
  ];
  for (const [what, tampered, detail] of attacks) {
    const result = await applyTampered(dir, tampered);
    assert.equal(result.status, 3, `${what}:\n${result.stderr}`);
    assert.match(result.stderr, /^plan\.json: nothing written: the plan reaches outside the tree it was made for\n/, what);
    assert.match(result.stderr, detail, what);
    const after = readTree(dir);
    after.delete('repo/plan.json');
    const expected = new Map(before);
    expected.delete('repo/plan.json');
    assert.deepEqual(after, expected, `${what}: nothing written anywhere`);
  }
});

test('apply: a path inside the roots whose real path is outside (a link) is refused, create and edit alike', async () => {
  const { dir, plan, before } = await plannedTree();
  symlinkSync(join(dir, 'outside'), join(dir, 'repo', 'deploy', 'link'));
  const { sha256 } = await import('../src/plan-file.js');
  const victim = readFileSync(join(dir, 'outside', 'victim.sh'), 'utf8');
  for (const change of [
    { path: 'deploy/link/evil.sh', kind: 'create', content: 'evil\n', requires: [] },
    { path: 'deploy/link/victim.sh', kind: 'edit', sha256: sha256(victim), sha256After: sha256(`evil${victim}`), edits: [{ start: 0, end: 0, text: 'evil' }], requires: [] },
  ]) {
    const result = await applyTampered(dir, { ...plan, changes: [...plan.changes, change] });
    assert.equal(result.status, 3, result.stderr);
    assert.match(result.stderr, new RegExp(`^plan\\.json: nothing written: the plan reaches outside the tree it was made for\n  ${change.path}: it leads to .*/outside/${change.path.slice(12)}, outside the plan's roots\n$`));
    assert.equal(existsSync(join(dir, 'outside', 'evil.sh')), false);
    assert.equal(readFileSync(join(dir, 'outside', 'victim.sh'), 'utf8'), victim);
    assert.equal(readFileSync(join(dir, 'repo', 'deploy', 'query.sh'), 'utf8'), before.get('repo/deploy/query.sh'), 'nothing of the plan is written');
  }
  const result = await applyTampered(dir, { ...plan, roots: ['deploy/link'] });
  assert.equal(result.status, 3);
  assert.match(result.stderr, /root deploy\/link: not a directory inside the plan's directory/);
});

test('apply: the untampered plan applies, and applying it again is a no-op', async () => {
  const { dir } = await plannedTree();
  const first = await runMain(['apply', 'plan.json'], join(dir, 'repo'));
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stderr, 'created deploy/thanos-store-sd.yaml\nwrote deploy/query.sh\nwrote deploy/sidecar.sh\nwrote 2 files, created 1 SD file\n');
  assert.equal(readFileSync(join(dir, 'repo', 'deploy', 'sidecar.sh'), 'utf8'), sidecarMigrated(1));
  const again = await runMain(['apply', 'plan.json'], join(dir, 'repo'));
  assert.equal(again.status, 0, again.stderr);
});

test('--plan-out refuses a place from which apply could not confine the plan', async () => {
  const dir = tempDir('plan-below');
  mkdirSync(join(dir, 'deploy'));
  mkdirSync(join(dir, 'plans'));
  writeFileSync(join(dir, 'deploy', 'sidecar.sh'), sidecar(1));
  const result = await runMain(['--plan-out', 'plans/plan.json', '-q', 'deploy'], dir);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^thanos-gossip-migrate: --plan-out plans\/plan\.json: write the plan at or above the tree it plans for: .*\/deploy is not under .*\/plans\n$/);
  assert.equal(existsSync(join(dir, 'plans', 'plan.json')), false);
});

// 4. write errors are per file ----------------------------------------------

test('a 250-byte file name is rewritten: the temp name is short and fixed', async () => {
  const dir = tempDir('long-name');
  const name = `${'x'.repeat(247)}.sh`;
  writeFileSync(join(dir, name), sidecar(1));
  const result = await runMain(['--write', '-q', '.'], dir);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(readFileSync(join(dir, name), 'utf8'), sidecarMigrated(1));
  assert.deepEqual(tempFilesIn(dir), []);
});

test('an SD file name over NAME_MAX: pre-flight error, its reader and the reader\'s evidence wait, exit 3', async () => {
  const dir = tempDir('long-sd');
  writeFileSync(join(dir, 'query.sh'), QUERY);
  writeFileSync(join(dir, 'sidecar.sh'), sidecar(1));
  // A store whose address is a plain flag: its rewrite erases no evidence, so it need not wait for the Querier.
  writeFileSync(join(dir, 'store.sh'), '#!/bin/sh\n./thanos store --data-dir=/d --grpc-address=10.0.0.9:10901 --cluster.peers=10.0.0.1:10900 &\n');
  const sdName = `${'s'.repeat(251)}.yaml`;
  const result = await runMain(['--write', '-q', '--sd-path', `/etc/thanos/${sdName}`, '.'], dir);
  assert.equal(result.status, 3, result.stderr);
  assert.equal(
    result.stderr,
    `${sdName}: error: ENAMETOOLONG: file name too long (256 bytes; the limit is 255)\n` +
      `query.sh: not written: it must follow ${sdName}, which was not written\n` +
      'sidecar.sh: not written: it must follow query.sh, which was not written\n' +
      'wrote 1 file, created 0 SD files, 3 files not written (above)\n',
  );
  assert.equal(readFileSync(join(dir, 'query.sh'), 'utf8'), QUERY);
  assert.equal(readFileSync(join(dir, 'sidecar.sh'), 'utf8'), sidecar(1), 'the evidence of an unwritten Querier stays');
  assert.equal(readFileSync(join(dir, 'store.sh'), 'utf8'), '#!/bin/sh\n./thanos store --data-dir=/d --grpc-address=10.0.0.9:10901 &\n', 'a file that waits for nothing is written');
});

test('ENOSPC while a temp file is written: that file is reported, its temp file removed, the rest written', async () => {
  const dir = tempDir('enospc');
  for (const k of [1, 2, 3]) writeFileSync(join(dir, `sidecar-${k}.sh`), sidecar(k));
  const outcome = await writeWithHooks(dir, {
    afterTempWritten(display) {
      if (display === 'sidecar-2.sh') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    },
  });
  assert.deepEqual(outcome.errors, [{ path: 'sidecar-2.sh', message: 'ENOSPC: no space left on device' }]);
  assert.deepEqual(outcome.written, ['sidecar-1.sh', 'sidecar-3.sh']);
  assert.equal(exitCodeFor(outcome), 3);
  assert.deepEqual(tempFilesIn(dir), []);
  assert.equal(readFileSync(join(dir, 'sidecar-2.sh'), 'utf8'), sidecar(2));
});

test('EACCES on one directory: reported as file: error, the other files written, exit 3, no temp file (real permissions, as another user)', () => {
  const dir = tempDir('eacces');
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'a', 'run.sh'), sidecar(1));
  writeFileSync(join(dir, 'b', 'run.sh'), sidecar(2));
  // Root ignores permissions, so as root the tool runs as nobody, who may write a/ and not b/.
  const uid = isRoot ? NOBODY : undefined;
  chmodSync(dir, 0o777);
  chmodSync(join(dir, 'a'), 0o777);
  chmodSync(join(dir, 'b'), 0o555);
  // The files are the user's own, so keeping their owner is no obstacle.
  if (uid !== undefined) for (const file of ['a/run.sh', 'b/run.sh']) chownSync(join(dir, file), uid, uid);
  const result = spawnSync(nodeFor(uid), [BIN, '--write', '-q', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...(uid !== undefined ? { uid, gid: uid } : {}) });
  assert.equal(result.status, 3, result.stderr);
  assert.equal(result.stderr, `b/run.sh: error: EACCES: cannot write in ${join(dir, 'b')}\nwrote 1 file, created 0 SD files, 1 file not written (above)\n`);
  assert.equal(readFileSync(join(dir, 'a', 'run.sh'), 'utf8'), sidecarMigrated(1));
  assert.equal(readFileSync(join(dir, 'b', 'run.sh'), 'utf8'), sidecar(2));
  assert.deepEqual(tempFilesIn(dir), []);
});

// 5. no lost update ----------------------------------------------------------

test('a file saved by someone else while --write runs is refused, and their edit kept', async () => {
  const dir = tempDir('lost-update');
  for (const k of [1, 2]) writeFileSync(join(dir, `sidecar-${k}.sh`), sidecar(k));
  const edited = `${sidecar(2)}# saved by a colleague mid-run\n`;
  const outcome = await writeWithHooks(dir, {
    afterTempWritten(display) {
      if (display === 'sidecar-2.sh') writeFileSync(join(dir, 'sidecar-2.sh'), edited);
    },
  });
  assert.deepEqual(outcome.written, ['sidecar-1.sh']);
  assert.deepEqual(outcome.refused, [{ path: 'sidecar-2.sh', reason: 'changed while the tool ran (saved by someone else?); not written, so that edit is kept' }]);
  assert.equal(readFileSync(join(dir, 'sidecar-2.sh'), 'utf8'), edited);
  assert.equal(exitCodeFor(outcome), 3);
  assert.deepEqual(tempFilesIn(dir), []);
});

// 6. only our temp files are swept -------------------------------------------

test('the sweep removes only dead runs\' temp files: a user\'s .tgm-tmp-notes.txt and a live run\'s file stay', async () => {
  const dir = tempDir('sweep');
  writeFileSync(join(dir, 'run.sh'), sidecar(1));
  const old = new Date(Date.now() - 3_600_000);
  const userFile = join(dir, '.tgm-tmp-notes.txt');
  writeFileSync(userFile, 'my notes');
  const live = spawn('sleep', ['30']);
  const dead = spawnSync('true');
  try {
    const liveStart = processStartTicks(live.pid!);
    assert.notEqual(liveStart, null, 'the live process has a start time');
    const liveTemp = join(dir, tempNameOf(live.pid!, liveStart!));
    const deadTemp = join(dir, tempNameOf(dead.pid!, 12345));
    const reusedPid = join(dir, tempNameOf(live.pid!, liveStart! + 1));
    utimesSync(userFile, old, old);
    for (const path of [liveTemp, deadTemp, reusedPid]) {
      writeFileSync(path, '#!/bin/sh\n./thanos sidecar --cluster.peers=10.0.0.1:10900\n');
      utimesSync(path, old, old);
    }
    const result = await runMain(['--write', '.'], dir);
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /tgm-/, 'temp files are not inputs');
    assert.equal(existsSync(userFile), true, 'a file that only looks like ours stays');
    assert.equal(existsSync(liveTemp), true, 'a live run\'s temp file stays');
    assert.equal(existsSync(deadTemp), false, 'a dead run\'s temp file goes');
    assert.equal(existsSync(reusedPid), false, 'a pid reused by another process does not keep a dead run\'s file');
  } finally {
    live.kill();
  }
});

// 7. owner and mode kept -----------------------------------------------------

test('owner and mode are kept: a nobody:nogroup 0640 file stays nobody:nogroup 0640 when root rewrites it', { skip: !isRoot && 'giving a file to another user needs root' }, async () => {
  const dir = tempDir('owner');
  writeFileSync(join(dir, 'run.sh'), sidecar(1));
  chownSync(join(dir, 'run.sh'), NOBODY, NOBODY);
  chmodSync(join(dir, 'run.sh'), 0o640);
  const result = await runMain(['--write', '-q', '.'], dir);
  assert.equal(result.status, 0, result.stderr);
  const info = statSync(join(dir, 'run.sh'));
  assert.deepEqual([info.uid, info.gid, info.mode & 0o7777], [NOBODY, NOBODY, 0o640]);
  assert.equal(readFileSync(join(dir, 'run.sh'), 'utf8'), sidecarMigrated(1));
});

// 8. the dirty-tree guard fails closed ----------------------------------------

function fakeGit(stderr: string, spawnError?: string): GitRunner {
  return () => ({ status: spawnError ? null : 128, stdout: '', stderr, ...(spawnError ? { spawnError } : {}) });
}

test('dirty check: only "not a git work tree" means nothing to protect; every other git failure is unknown', () => {
  const dir = tempDir('git-states');
  writeFileSync(join(dir, 'run.sh'), 'x');
  assert.deepEqual(uncommittedFiles(['run.sh'], dir, fakeGit('fatal: not a git repository (or any of the parent directories): .git\n')), { kind: 'checked', dirty: [] });
  assert.deepEqual(uncommittedFiles(['run.sh'], dir, fakeGit('', 'ENOENT')), { kind: 'checked', dirty: [] });
  assert.deepEqual(uncommittedFiles(['run.sh'], dir, fakeGit(`fatal: detected dubious ownership in repository at '${dir}'\nTo add an exception for this directory, call:\n`)), {
    kind: 'unknown',
    path: 'run.sh',
    reason: `detected dubious ownership in repository at '${dir}'`,
  });
  writeFileSync(join(dir, '.git'), 'gitdir: /nonexistent/worktree\n');
  assert.deepEqual(uncommittedFiles(['run.sh'], dir, fakeGit('fatal: not a git repository: /nonexistent/worktree\n')), {
    kind: 'unknown',
    path: 'run.sh',
    reason: `not a git repository: /nonexistent/worktree, yet ${join(dir, '.git')} exists`,
  });
  assert.deepEqual(uncommittedFiles(['run.sh'], dir, fakeGit('', 'ENOENT')), { kind: 'unknown', path: 'run.sh', reason: `git cannot run (ENOENT) but ${join(dir, '.git')} exists` });
});

test('--write refuses when git cannot say whether files are committed (a broken .git), and --allow-dirty overrides', async () => {
  const dir = tempDir('git-broken');
  writeFileSync(join(dir, 'run.sh'), sidecar(1));
  writeFileSync(join(dir, '.git'), 'gitdir: /nonexistent/worktree\n');
  const refused = await runMain(['--write', '-q', '.'], dir);
  assert.equal(refused.status, 1, refused.stderr);
  assert.match(refused.stderr, /^thanos-gossip-migrate: nothing written: cannot tell whether run\.sh has uncommitted changes: git: not a git repository: \/nonexistent\/worktree, yet .*\.git exists \(pass --allow-dirty to write anyway\)\n$/);
  assert.equal(readFileSync(join(dir, 'run.sh'), 'utf8'), sidecar(1));
  const allowed = await runMain(['--write', '-q', '--allow-dirty', '.'], dir);
  assert.equal(allowed.status, 0, allowed.stderr);
});

test('--write as root over another user\'s checkout: git refuses (dubious ownership) and so does the tool', { skip: !isRoot && 'a checkout owned by another user needs root' }, async () => {
  const dir = tempDir('git-dubious');
  writeFileSync(join(dir, 'run.sh'), sidecar(1));
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'deploy');
  spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, dir]);
  const saved = { global: process.env.GIT_CONFIG_GLOBAL, nosystem: process.env.GIT_CONFIG_NOSYSTEM };
  // No safe.directory from the machine's git config may waive the check.
  process.env.GIT_CONFIG_GLOBAL = '/dev/null';
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  try {
    const result = await runMain(['--write', '-q', '.'], dir);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /nothing written: cannot tell whether run\.sh has uncommitted changes: git: detected dubious ownership in repository at/);
    assert.equal(readFileSync(join(dir, 'run.sh'), 'utf8'), sidecar(1));
  } finally {
    for (const [key, value] of [['GIT_CONFIG_GLOBAL', saved.global], ['GIT_CONFIG_NOSYSTEM', saved.nosystem]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});

// 9. an incomplete SD list is not written without --force -----------------------

const WIRED_QUERY = '#!/bin/sh\n./thanos query \\\n  --store.sd-files=stores.yaml \\\n  --cluster.peers=10.0.0.1:10900\n';

test('--write: a Querier whose SD file is missing keeps its gossip until --force; exit 1 means nothing written', async () => {
  const dir = tempDir('sd-missing');
  writeFileSync(join(dir, 'query.sh'), WIRED_QUERY);
  writeFileSync(join(dir, 'sidecar.sh'), sidecar(1));
  const before = readTree(dir);
  const refused = await runMain(['--write', '-q', '.'], dir);
  assert.equal(refused.status, 1, refused.stderr);
  assert.equal(
    refused.stderr,
    'thanos-gossip-migrate: nothing written: a Querier or Ruler would lose gossip with an incomplete SD list (fix the input, or pass --force)\n' +
      '  query.sh:3:3: thanos query would lose gossip while --store.sd-files names stores.yaml, which is missing or invalid (--store.sd-files names stores.yaml, which does not exist: Query gets no endpoints from it): it would find no StoreAPIs there\n',
  );
  assert.deepEqual(readTree(dir), before);
  const forced = await runMain(['--write', '-q', '--force', '.'], dir);
  assert.equal(forced.status, 1, forced.stderr);
  assert.match(forced.stderr, /^wrote 2 files, created 0 SD files, 1 item needs a human:\n {2}query\.sh:3:3: --store\.sd-files names stores\.yaml, which does not exist/);
  assert.equal(readFileSync(join(dir, 'query.sh'), 'utf8'), '#!/bin/sh\n./thanos query \\\n  --store.sd-files=stores.yaml\n');
});

test('--write: a Querier whose SD file is invalid keeps its gossip until --force', async () => {
  const dir = tempDir('sd-invalid');
  writeFileSync(join(dir, 'query.sh'), WIRED_QUERY);
  writeFileSync(join(dir, 'stores.yaml'), '- targets: [10.0.0.1:10901\n');
  writeFileSync(join(dir, 'sidecar.sh'), sidecar(1));
  const before = readTree(dir);
  const refused = await runMain(['--write', '-q', '.'], dir);
  assert.equal(refused.status, 1, refused.stderr);
  assert.match(refused.stderr, /^ {2}query\.sh:3:3: thanos query would lose gossip while --store\.sd-files names stores\.yaml, which is missing or invalid/m);
  assert.deepEqual(readTree(dir), before);
});

test('--write: an unreadable input while a Querier gets its SD list: nothing written, exit 3; --force writes, still exit 3', async () => {
  const dir = tempDir('sd-unreadable');
  writeFileSync(join(dir, 'query.sh'), QUERY);
  writeFileSync(join(dir, 'sidecar.sh'), sidecar(1));
  writeFileSync(join(dir, 'more-sidecars.yaml'), 'thanos: [\n');
  const before = readTree(dir);
  const refused = await runMain(['--write', '-q', '.'], dir);
  assert.equal(refused.status, 3, refused.stderr);
  assert.match(refused.stderr, /^thanos-gossip-migrate: nothing written: a Querier or Ruler would lose gossip with an incomplete SD list \(fix the input, or pass --force\)\n {2}query\.sh:2:10: the SD list written for this Querier may be incomplete: more-sidecars\.yaml could not be read\n/m);
  assert.deepEqual(readTree(dir), before);
  const forced = await runMain(['--write', '-q', '--force', '.'], dir);
  assert.equal(forced.status, 3, forced.stderr);
  assert.equal(readFileSync(join(dir, 'sidecar.sh'), 'utf8'), sidecarMigrated(1));
  assert.equal(existsSync(join(dir, 'thanos-store-sd.yaml')), true);
});

test('an unreadable input with no Querier or Ruler to wire does not stop the rest (exit 3, neighbours migrated)', async () => {
  const dir = tempDir('unreadable-alone');
  writeFileSync(join(dir, 'sidecar.sh'), sidecar(1));
  writeFileSync(join(dir, 'broken.yaml'), 'thanos: [\n');
  const result = await runMain(['--write', '-q', '.'], dir);
  assert.equal(result.status, 3, result.stderr);
  assert.equal(readFileSync(join(dir, 'sidecar.sh'), 'utf8'), sidecarMigrated(1));
});

// 10. links named on the command line; confinement at open time ------------------

test('a symlinked unit named on the command line is written through to its target; the link stays a link', async () => {
  const dir = tempDir('named-link');
  mkdirSync(join(dir, 'system'));
  mkdirSync(join(dir, 'units'));
  const unit = '[Service]\nExecStart=/usr/local/bin/thanos store \\\n  --data-dir=/var/lib/thanos \\\n  --cluster.peers=10.0.0.1:10900\n';
  writeFileSync(join(dir, 'units', 'thanos-store.service'), unit);
  symlinkSync(join(dir, 'units', 'thanos-store.service'), join(dir, 'system', 'thanos-store.service'));
  const result = await runMain(['--write', '-q', 'system/thanos-store.service'], dir);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(lstatSync(join(dir, 'system', 'thanos-store.service')).isSymbolicLink(), true, 'the link is not replaced by a regular file');
  assert.equal(readlinkSync(join(dir, 'system', 'thanos-store.service')), join(dir, 'units', 'thanos-store.service'));
  assert.equal(readFileSync(join(dir, 'units', 'thanos-store.service'), 'utf8'), '[Service]\nExecStart=/usr/local/bin/thanos store \\\n  --data-dir=/var/lib/thanos\n');
  assert.deepEqual(tempFilesIn(dir), []);
});

test('confinement is checked again at open time: a directory swapped for a link mid-run is refused, nothing lands outside', async () => {
  const dir = tempDir('swap');
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'sub'), { recursive: true });
  mkdirSync(join(dir, 'outside'));
  writeFileSync(join(tree, 'a.sh'), sidecar(1));
  writeFileSync(join(tree, 'sub', 'b.sh'), sidecar(2));
  writeFileSync(join(dir, 'outside', 'b.sh'), sidecar(2));
  const outcome = await writeWithHooks(tree, {
    afterFile(display) {
      if (display !== 'a.sh') return;
      renameSync(join(tree, 'sub'), join(tree, 'sub.moved'));
      symlinkSync(join(dir, 'outside'), join(tree, 'sub'));
    },
  });
  assert.deepEqual(outcome.written, ['a.sh']);
  assert.deepEqual(outcome.refused, [{ path: 'sub/b.sh', reason: 'its path changed since it was checked (a link where a directory was?); not written' }]);
  assert.deepEqual(readTree(join(dir, 'outside')), new Map([['b.sh', sidecar(2)]]), 'nothing written or left outside');
});

test('a directory moved out of the tree while its file is being written: the write goes through its handle and is refused before the rename', async () => {
  const dir = tempDir('moved');
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'sub'), { recursive: true });
  mkdirSync(join(dir, 'outside'));
  writeFileSync(join(tree, 'sub', 'b.sh'), sidecar(2));
  const outcome = await writeWithHooks(tree, {
    afterTempWritten() {
      renameSync(join(tree, 'sub'), join(dir, 'outside', 'sub'));
    },
  });
  assert.deepEqual(outcome.refused, [{ path: 'sub/b.sh', reason: 'its directory moved outside the tree while --write ran; not written' }]);
  assert.deepEqual(readTree(join(dir, 'outside')), new Map([['sub/b.sh', sidecar(2)]]), 'the moved file is untouched and no temp file is left with it');
});

// Exit codes and the summary (the CLI contract for writes) ---------------------

test('--write with work left for a human: exit 1 and a summary naming each item by file:line', async () => {
  const dir = tempDir('manual-left');
  writeFileSync(join(dir, 'run.sh'), sidecar(1));
  writeFileSync(join(dir, 'RUNBOOK.md'), '# Runbook\n\nStart it with gossip:\n\n    thanos store --data-dir=/d --cluster.peers=$(cat peers)\n');
  const result = await runMain(['--write', '-q', '.'], dir);
  assert.equal(result.status, 1, result.stderr);
  assert.equal(result.stderr, 'wrote 1 file, created 0 SD files, 1 item needs a human:\n  RUNBOOK.md:5:32: --cluster.peers: manual: in Markdown the tool does not rewrite (an indented code block, inline HTML)\n');
  assert.equal(readFileSync(join(dir, 'run.sh'), 'utf8'), sidecarMigrated(1));
});

test('--out-dir to a place that cannot be a directory: exit 2, one line, no stack trace', async () => {
  const dir = tempDir('out-dir-bad');
  writeFileSync(join(dir, 'run.sh'), sidecar(1));
  const result = await runMain(['--out-dir', '/dev/null/x', '.'], dir);
  assert.equal(result.status, 2);
  assert.equal(result.stderr, 'thanos-gossip-migrate: --out-dir /dev/null/x: cannot create it (ENOTDIR)\n');
  assert.equal(result.stdout, '');
});

test('an unexpected error is one line and exit 2; DEBUG=thanos-gossip-migrate adds the stack', async () => {
  const dir = tempDir('internal');
  writeFileSync(join(dir, 'run.sh'), sidecar(1));
  mkdirSync(join(dir, 'plan.json'));
  const plain = await runMain(['--plan-out', 'plan.json', '-q', '.'], dir);
  assert.equal(plain.status, 2);
  assert.equal(plain.stderr, `thanos-gossip-migrate: internal error: ${join(dir, 'plan.json')}: not a regular file\n`);
  const debug = await runMain(['--plan-out', 'plan.json', '-q', '.'], dir, { DEBUG: 'thanos-gossip-migrate' });
  assert.equal(debug.status, 2);
  assert.match(debug.stderr, /^thanos-gossip-migrate: internal error: .*\n(Error: .*\n)?\s+at /);
});

test('the real bin turns an error escaping main into one line and exit 2', () => {
  const dir = tempDir('bin-internal');
  writeFileSync(join(dir, 'run.sh'), sidecar(1));
  mkdirSync(join(dir, 'plan.json'));
  const result = spawnSync(process.execPath, [BIN, '--plan-out', 'plan.json', '-q', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DEBUG: '' } });
  assert.equal(result.status, 2);
  assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('the fixtures still migrate through the new path: quickstart, in place, exit 0, SD files and script exact', async () => {
  const dir = tempDir('quickstart-write');
  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(dir, 'deploy'), { recursive: true });
  const result = await runMain(['--write', 'deploy'], dir);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /^created deploy\/thanos-query-sd\.yaml\ncreated deploy\/thanos-store-sd\.yaml\nwrote deploy\/run-local\.sh\nwrote 1 file, created 2 SD files\n$/m);
  const expected = readFileSync(join(ROOT, 'fixtures', 'cases', 'quickstart-shell', 'expected', 'run-local.sh'), 'utf8');
  assert.equal(readFileSync(join(dir, 'deploy', 'run-local.sh'), 'utf8'), expected);
});
