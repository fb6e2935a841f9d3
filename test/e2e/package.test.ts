// The package as users get it: `npm pack`, install the tarball into an empty
// project (dependencies come from the registry), and run the bin through npx
// on a copy of fixtures/quickstart. The tarball ships only what users need,
// as `npm publish --dry-run` lists it. The bin runs the bundled CLI
// (dist/bundle/cli/, scripts/bundle.mjs), the library is dist/src/.
//
// npm pack runs with --ignore-scripts: it packs the dist/ that `npm test` just
// built rather than rebuilding it while other tests read it.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, readTree, runTool as run, showRun as show, tempDir, type ToolRun as Ran } from '../support.js';

const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const dir = tempDir('package');
after(() => rmSync(dir, { recursive: true, force: true }));

test('npm publish --dry-run ships only package.json, README, LICENSE, bin/, dist/src/, dist/bundle/ and docs/', { timeout: 60_000 }, async () => {
  // What `npm publish` would upload: the same list `npm pack` makes, asked of publish itself.
  const dry = await run('npm', ['publish', '--dry-run', '--json', '--ignore-scripts'], ROOT);
  assert.equal(dry.status, 0, show(dry));
  const published = (JSON.parse(dry.stdout) as Record<string, { name: string; files: { path: string }[] }>)[PKG.name];
  assert.ok(published, dry.stdout.slice(0, 2000));
  const files = published.files.map((f) => f.path).sort();
  const allowed = (path: string) =>
    path === 'package.json' ||
    path === 'README.md' ||
    /^LICEN[CS]E(\.(md|txt))?$/i.test(path) ||
    path.startsWith('bin/') ||
    /^docs\/[\w.-]+\.md$/.test(path) ||
    (path.startsWith('dist/src/') && /\.(js|d\.ts|json)$/.test(path)) ||
    /^dist\/bundle\/cli\/[\w-]+\.js$/.test(path);
  assert.deepEqual(files.filter((path) => !allowed(path)), [], 'files users do not need');
  const topLevel = [...new Set(files.map((path) => path.split('/')[0]!))].sort();
  assert.deepEqual(topLevel, ['LICENSE', 'README.md', 'bin', 'dist', 'docs', 'package.json']);
  for (const path of ['bin/thanos-gossip-migrate.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'dist/bundle/cli/main.js', 'dist/bundle/cli/check-worker.js', 'dist/bundle/cli/scan-worker.js', 'docs/thanos-flags.md']) {
    assert.ok(files.includes(path), `${path} is missing from the tarball`);
  }
  // Compiled output of a source file that no longer exists must not ship.
  const stale = files
    .filter((path) => path.startsWith('dist/src/') && /\.(js|json)$/.test(path))
    .filter((path) => !existsSync(join(ROOT, path.replace(/^dist\//, '').replace(/\.js$/, '.ts'))));
  assert.deepEqual(stale, [], 'dist/src files without a source (stale build output: rm -rf dist && npm run build)');
});

test('package.json names no repository, homepage or bugs address that does not exist', () => {
  // No public repository is known yet (CHANGELOG.md says so): an invented URL would send users nowhere.
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  for (const field of ['repository', 'homepage', 'bugs', 'funding']) assert.equal(pkg[field], undefined, `${field} is set`);
  assert.ok(Array.isArray(pkg['keywords']) && (pkg['keywords'] as string[]).includes('thanos'));
  assert.match(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), /no public repository/i);
});

test('installed from the tarball, npx runs --version, migrate and check', { timeout: 90_000 }, async () => {
  const packDir = join(dir, 'pack');
  const project = join(dir, 'project');
  mkdirSync(packDir);
  mkdirSync(project);

  const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], ROOT);
  assert.equal(pack.status, 0, show(pack));
  const tarballs = readdirSync(packDir).filter((name) => name.endsWith('.tgz'));
  assert.deepEqual(tarballs, [`${PKG.name}-${PKG.version}.tgz`]);
  const tarball = join(packDir, tarballs[0]!);

  const init = await run('npm', ['init', '-y'], project);
  assert.equal(init.status, 0, show(init));
  const install = await run('npm', ['install', '--no-audit', '--no-fund', tarball], project, 60_000);
  assert.equal(install.status, 0, show(install));

  assert.doesNotMatch(install.stderr, /npm (error|ERR!)/, show(install));

  // A real install, not a link to this checkout; runtime dependencies only.
  const installed = join(project, 'node_modules', PKG.name);
  assert.ok(!lstatSync(installed).isSymbolicLink(), `${installed} is a symlink`);
  assert.ok(existsSync(join(installed, 'dist', 'src', 'index.js')));
  assert.ok(!existsSync(join(installed, 'dist', 'test')), 'dist/test was installed');
  for (const dep of Object.keys(PKG.dependencies)) assert.ok(existsSync(join(project, 'node_modules', dep)), `dependency ${dep} not installed`);
  for (const dev of Object.keys(PKG.devDependencies)) {
    assert.ok(!existsSync(join(project, 'node_modules', dev)), `devDependency ${dev} was installed`);
  }

  cpSync(join(ROOT, 'fixtures', 'quickstart'), join(project, 'quickstart'), { recursive: true });
  const before = readTree(join(project, 'quickstart'));
  // As users run it: npx. npx puts npm's global bin directory (/usr/bin on
  // Debian) first on PATH, so `#!/usr/bin/env node` may pick the system Node
  // there; each command therefore also runs the installed bin with the Node
  // running this test (Node 22/24 in CI), and both must agree.
  const linked = join(project, 'node_modules', '.bin', PKG.name);
  assert.ok(existsSync(linked), `${linked}: npm did not link the bin`);
  const npx = async (args: string[]): Promise<Ran> => {
    const viaNpx = await run('npx', ['--no', '--', PKG.name, ...args], project);
    const direct = await run(process.execPath, [linked, ...args], project);
    assert.deepEqual(
      { status: direct.status, stdout: direct.stdout },
      { status: viaNpx.status, stdout: viaNpx.stdout },
      `${args.join(' ')}: node ${process.version} and npx disagree\n${show(direct)}\n${show(viaNpx)}`,
    );
    return viaNpx;
  };

  const version = await npx(['--version']);
  assert.equal(version.status, 0, show(version));
  assert.equal(version.stdout, `${PKG.version}\n`);

  const migrate = await npx(['migrate', 'quickstart']);
  assert.equal(migrate.status, 1, `preview with pending changes exits 1\n${show(migrate)}`);
  assert.match(migrate.stdout, /^--- .*quickstart\/run-local\.sh$/m, show(migrate));
  assert.match(migrate.stdout, /^-\s+--cluster\.peers\s+127\.0\.0\.1:19391 &$/m, show(migrate));
  assert.match(migrate.stdout, /^\+\s+--store\.sd-files="\$\(dirname "\$0"\)\/thanos-store-sd\.yaml" &$/m, show(migrate));
  assert.match(migrate.stdout, /^\+\+\+ .*quickstart\/thanos-store-sd\.yaml$/m, show(migrate));
  assert.match(migrate.stdout, /^\+    - 127\.0\.0\.1:19091$/m, show(migrate));
  assert.match(migrate.stderr, /removed/, show(migrate));
  assert.deepEqual(readTree(join(project, 'quickstart')), before, 'the preview wrote files');

  const check = await npx(['check', 'quickstart']);
  assert.equal(check.status, 1, `gossip flags are errors: exit 1\n${show(check)}`);
  assert.match(check.stdout, /gossip-flag/, show(check));

  const checkJson = await npx(['check', '--format', 'json', 'quickstart']);
  assert.equal(checkJson.status, 1, show(checkJson));
  const report = JSON.parse(checkJson.stdout) as { tool: { name: string; version: string }; findings: { ruleId: string; path: string }[] };
  assert.deepEqual(report.tool, { name: PKG.name, version: PKG.version });
  assert.ok(report.findings.some((f) => f.ruleId === 'gossip-flag' && f.path === 'quickstart/run-local.sh'), checkJson.stdout.slice(0, 2000));
});
