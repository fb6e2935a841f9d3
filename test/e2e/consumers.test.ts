// The programs that read our output accept it. Every fixture tree is
// migrated in-process (planMigration), the result is laid out in a temp dir
// beside the untouched files, and each rewritten file goes to its real
// consumer: docker-compose, systemd-analyze, shellcheck, kubectl kustomize,
// the Kubernetes API schemas. Each check has a negative control: a broken
// file it must reject. A missing tool skips its test with the reason here;
// in CI (.ci/run installs them) it fails instead.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { loadDeployment, planMigration, thanosPodLabelValues, type FileChange, type MigrationOptions } from '../../src/index.js';
import { migrationOptions } from '../../src/raw-options.js';
import { readTextOrNull } from '../../src/sources/read.js';
import { caseArgs, ROOT, runTool, skipWithout, tempDir, whichTool, type ToolRun } from '../support.js';

const FIXTURES = join(ROOT, 'fixtures');

interface Tree {
  label: string;
  dir: string;
  options: MigrationOptions;
  /** Where a case runs, as cases.test.ts runs it: its files are named from here, as its targeted --store-endpoint names are. */
  cwd?: string;
}

/** Every fixture tree the tool migrates: the cases with their own options, and the unit fixtures with the defaults. */
function fixtureTrees(): Tree[] {
  const trees: Tree[] = [];
  for (const name of readdirSync(join(FIXTURES, 'cases')).sort()) {
    const spec = JSON.parse(readFileSync(join(FIXTURES, 'cases', name, 'case.json'), 'utf8')) as { input?: string; args: string[]; expectNoWrite?: boolean };
    if (spec.expectNoWrite) continue;
    const raw = caseArgs(spec.args);
    const options = raw.keepGossip ? { ...migrationOptions(raw), keepGossip: true } : migrationOptions(raw);
    trees.push({ label: `cases/${name}`, dir: resolve(FIXTURES, 'cases', name, spec.input ?? 'input'), options, cwd: resolve(FIXTURES, 'cases', name) });
  }
  const defaults = migrationOptions({});
  for (const dir of ['yaml-units', 'embedded', 'jsonnet', 'wizard/compose', 'wizard/k8s', 'check/deploy', 'quickstart']) {
    trees.push({ label: dir, dir: join(FIXTURES, dir), options: defaults });
  }
  for (const name of readdirSync(join(FIXTURES, 'check-rules')).sort()) {
    trees.push({ label: `check-rules/${name}`, dir: join(FIXTURES, 'check-rules', name, 'input'), options: defaults });
  }
  return trees;
}

interface Rewritten {
  label: string;
  /** The original tree. */
  dir: string;
  /** A copy of the tree with every change applied. */
  out: string;
  /** Changed files, by path relative to the tree. */
  changes: Map<string, FileChange>;
}

const scratch = tempDir('consumers');
after(() => rmSync(scratch, { recursive: true, force: true }));
const migrated: Rewritten[] = [];

before(async () => {
  for (const tree of fixtureTrees()) {
    const loaded = await loadDeployment([tree.cwd ? relative(tree.cwd, tree.dir) : tree.dir], thanosPodLabelValues, tree.cwd ? { cwd: tree.cwd } : {});
    const plan = planMigration(loaded.files, tree.options, (path) => readTextOrNull(path));
    const out = join(scratch, tree.label);
    cpSync(tree.dir, out, { recursive: true });
    const changes = new Map<string, FileChange>();
    for (const change of plan.changes) {
      const path = relative(tree.dir, resolve(tree.cwd ?? '', change.path));
      assert.ok(!path.startsWith('..'), `${tree.label}: ${change.path} is outside the tree`);
      mkdirSync(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), change.after);
      changes.set(path, change);
    }
    migrated.push({ label: tree.label, dir: tree.dir, out, changes });
  }
});

/** Rewritten files of existing inputs, with the tree they belong to. */
function rewritten(accept: (change: FileChange, path: string) => boolean): { tree: Rewritten; path: string; change: FileChange }[] {
  return migrated.flatMap((tree) => [...tree.changes].filter(([path, change]) => change.before !== null && accept(change, path)).map(([path, change]) => ({ tree, path, change })));
}

function yamlDocs(text: string): unknown[] {
  try {
    return loadAll(text, { json: true }).filter((doc) => doc !== null && doc !== undefined);
  } catch {
    return [];
  }
}

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isComposeFile = (change: FileChange) => change.source?.kind === 'yaml' && yamlDocs(change.after).some((doc) => isMapping(doc) && isMapping(doc['services']));

// ---- docker-compose -------------------------------------------------------

const composeConfig = (dir: string, file: string) => runTool('docker-compose', ['-f', file, 'config', '-q'], dir, 30_000);

// `docker-compose config` is config.find + config.load of docker-compose's
// own Python package, then printing. One interpreter runs that load for every
// file: a CLI start costs a second, and there are a dozen files.
const COMPOSE_LOAD = `
import json, os, sys
from compose.config import config
from compose.config.environment import Environment
from compose.config.errors import ConfigurationError
results = {}
for path in sys.argv[1:]:
    base = os.path.dirname(os.path.abspath(path))
    try:
        config.load(config.find(base, [os.path.basename(path)], Environment.from_env_file(base)))
        results[path] = None
    except ConfigurationError as error:
        results[path] = error.msg
print(json.dumps(results))
`;

/** The interpreter of the docker-compose script (its shebang), so its own package is the one loaded. */
function composePython(): string {
  const script = whichTool('docker-compose');
  assert.ok(script, 'docker-compose is not on PATH');
  const shebang = /^#!\s*(\S+)/.exec(readFileSync(script, 'utf8').split('\n', 1)[0]!);
  assert.ok(shebang, `${script} is not a Python script`);
  return shebang[1]!;
}

async function composeLoad(files: string[]): Promise<Record<string, string | null>> {
  const script = join(scratch, 'compose-load.py');
  writeFileSync(script, COMPOSE_LOAD);
  const result = await runTool(composePython(), [script, ...files], scratch, 60_000);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, string | null>;
}

test('docker-compose loads every rewritten compose file (what config -q checks), and config -q accepts the compose case', { skip: skipWithout('docker-compose') }, async () => {
  const rewrites = rewritten((change) => isComposeFile(change));
  const files = rewrites.map(({ tree, path }) => join(tree.out, path));
  assert.ok(files.length >= 8, `only ${files.length} compose files were rewritten`);
  const results = await composeLoad(files);
  assert.deepEqual(Object.keys(results).sort(), [...files].sort());
  assert.deepEqual(Object.entries(results).filter(([, error]) => error !== null), []);
  const composeCase = rewrites.find(({ tree }) => tree.label === 'cases/compose');
  assert.ok(composeCase);
  const cli = await composeConfig(composeCase.tree.out, composeCase.path);
  assert.equal(cli.status, 0, cli.stderr);
});

test('negative control: docker-compose rejects a command that is neither a string nor a list, in the CLI and the load', { skip: skipWithout('docker-compose') }, async () => {
  const dir = join(scratch, 'compose-broken');
  mkdirSync(dir);
  writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  query:\n    image: thanosio/thanos:v0.38.0\n    command: {query: "--store.sd-files=/etc/thanos/sd.yaml"}\n');
  const cli = await composeConfig(dir, 'docker-compose.yml');
  assert.notEqual(cli.status, 0);
  assert.match(cli.stderr, /services\.query\.command contains an invalid type/);
  const loaded = await composeLoad([join(dir, 'docker-compose.yml')]);
  assert.match(loaded[join(dir, 'docker-compose.yml')] ?? '', /services\.query\.command contains an invalid type/);
});

// ---- systemd-analyze verify ---------------------------------------------

// systemd-analyze checks that ExecStart's program exists, at its absolute
// path; it does not search PATH. Each unit's thanos path is pointed at a
// stand-in executable in a temp dir, in the original and the rewrite alike.
const THANOS_PROGRAM = /^(\s*Exec\w+\s*=\s*[-@:+!]*)(\/\S*\/thanos)(?=\s|$)/gm;

function standInUnits(dir: string, units: { name: string; text: string }[]): string[] {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const thanos = join(dir, 'bin', 'thanos');
  writeFileSync(thanos, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return units.map(({ name, text }) => {
    const path = join(dir, name);
    writeFileSync(path, text.replace(THANOS_PROGRAM, (_, prefix: string) => `${prefix}${thanos}`));
    return path;
  });
}

const verifyUnits = (dir: string, paths: string[]) => runTool('systemd-analyze', ['verify', '--man=no', ...paths], dir, 30_000);

test('systemd-analyze verify accepts every rewritten unit, and says nothing it did not say of the original', { skip: skipWithout('systemd-analyze', 'systemd') }, async () => {
  const units = rewritten((change) => change.source?.kind === 'systemd' && /\.service$/.test(change.path));
  assert.ok(units.length >= 6, `only ${units.length} units were rewritten`);
  const byTree = new Map<Rewritten, typeof units>();
  for (const unit of units) byTree.set(unit.tree, [...(byTree.get(unit.tree) ?? []), unit]);
  for (const [tree, group] of byTree) {
    // A unit's neighbours (EnvironmentFile=, other units) sit beside it as in the tree; one call per tree and version.
    const base = join(scratch, 'systemd', tree.label);
    const beforeRun = await verifyUnits(base, standInUnits(join(base, 'before'), group.map(({ path, change }) => ({ name: basename(path), text: change.before! }))));
    const afterRun = await verifyUnits(base, standInUnits(join(base, 'after'), group.map(({ path, change }) => ({ name: basename(path), text: change.after }))));
    assert.equal(afterRun.status, 0, `${tree.label}: ${afterRun.stderr}`);
    const said = (run: ToolRun, side: string) => run.stderr.split('\n').filter(Boolean).map((line) => line.replaceAll(join(base, side), '<dir>'));
    const fresh = said(afterRun, 'after').filter((line) => !said(beforeRun, 'before').includes(line));
    assert.deepEqual(fresh, [], `${tree.label}: new complaints`);
  }
});

test('negative control: systemd-analyze rejects unbalanced quoting and reports a bad setting', { skip: skipWithout('systemd-analyze', 'systemd') }, async () => {
  const dir = join(scratch, 'systemd-broken');
  const [quoting, restart] = standInUnits(dir, [
    { name: 'quoting.service', text: '[Unit]\nDescription=Thanos query\n\n[Service]\nExecStart=/usr/bin/thanos query "--store.sd-files=/etc/thanos/sd.yaml\n' },
    { name: 'restart.service', text: '[Unit]\nDescription=Thanos query\n\n[Service]\nExecStart=/usr/bin/thanos query\nRestart=sometimes\n' },
  ]);
  const badQuoting = await verifyUnits(dir, [quoting!]);
  assert.notEqual(badQuoting.status, 0);
  assert.match(badQuoting.stderr, /Unbalanced quoting/);
  const badRestart = await verifyUnits(dir, [restart!]);
  assert.match(badRestart.stderr, /Failed to parse service restart specifier/, 'a complaint the comparison above would count as new');
});

// ---- shellcheck -----------------------------------------------------------

interface ShellcheckComment {
  file: string;
  code: number;
  level: string;
  message: string;
}

/** shellcheck's warnings and errors, per file, as `SC<code> <message>` (lines shift under edits, codes do not). */
async function shellcheck(files: string[], cwd: string): Promise<Map<string, string[]>> {
  const result = await runTool('shellcheck', ['--format=json1', '--severity=warning', ...files], cwd, 60_000);
  assert.ok(result.status === 0 || result.status === 1, `shellcheck failed: ${result.stderr}`);
  const comments = (JSON.parse(result.stdout) as { comments: ShellcheckComment[] }).comments;
  const byFile = new Map<string, string[]>(files.map((file) => [file, []]));
  for (const comment of comments) byFile.get(comment.file)?.push(`SC${comment.code} ${comment.message}`);
  return byFile;
}

/** The warnings of `after` that `before` did not have (as a multiset). */
function newWarnings(before: string[], after: string[]): string[] {
  const left = [...before];
  return after.filter((warning) => {
    const index = left.indexOf(warning);
    if (index < 0) return true;
    left.splice(index, 1);
    return false;
  });
}

test('shellcheck finds no warning in a rewritten script that the original did not have', { skip: skipWithout('shellcheck') }, async () => {
  const scripts = rewritten((change) => change.source?.kind === 'shell');
  assert.ok(scripts.length >= 8, `only ${scripts.length} scripts were rewritten`);
  const base = join(scratch, 'shellcheck');
  const lay = (side: 'before' | 'after') =>
    scripts.map(({ tree, path, change }, i) => {
      const file = join(side, String(i), basename(path));
      mkdirSync(join(base, side, String(i)), { recursive: true });
      writeFileSync(join(base, file), side === 'before' ? change.before! : change.after);
      return { file, name: `${tree.label}/${path}` };
    });
  const befores = lay('before');
  const afters = lay('after');
  const beforeWarnings = await shellcheck(befores.map((f) => f.file), base);
  const afterWarnings = await shellcheck(afters.map((f) => f.file), base);
  const added = afters.flatMap((f, i) => newWarnings(beforeWarnings.get(befores[i]!.file)!, afterWarnings.get(f.file)!).map((w) => `${f.name}: ${w}`));
  assert.deepEqual(added, []);
});

test('negative control: an unquoted $(dirname $0) is a new shellcheck warning', { skip: skipWithout('shellcheck') }, async () => {
  const dir = join(scratch, 'shellcheck-broken');
  mkdirSync(dir);
  writeFileSync(join(dir, 'before.sh'), '#!/bin/sh\nexec thanos query --cluster.peers=10.0.0.1:10900\n');
  writeFileSync(join(dir, 'after.sh'), '#!/bin/sh\nexec thanos query --store.sd-files=$(dirname $0)/thanos-store-sd.yaml\n');
  const warnings = await shellcheck(['before.sh', 'after.sh'], dir);
  assert.deepEqual(newWarnings(warnings.get('before.sh')!, warnings.get('after.sh')!), ['SC2046 Quote this to prevent word splitting.']);
});

// ---- kubectl kustomize ----------------------------------------------------

function kustomizationDirs(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/^(kustomization\.ya?ml|Kustomization)$/.test(name)) found.push(dir);
    }
  };
  walk(root);
  return found;
}

const kustomize = (dir: string) => runTool('kubectl', ['kustomize', dir], dir, 60_000);

test('kubectl kustomize builds every kustomization after migration, and after the emptied files are deleted', { skip: skipWithout('kubectl', 'kubernetes-client') }, async () => {
  const builds = migrated.flatMap((tree) => kustomizationDirs(tree.out).map((dir) => ({ tree, dir })));
  assert.ok(builds.length >= 1, 'no kustomization among the fixtures');
  for (const { tree, dir } of builds) {
    const built = await kustomize(dir);
    assert.equal(built.status, 0, `${tree.label}: ${built.stderr}`);
    const kinds = yamlDocs(built.stdout).map((doc) => (doc as { kind: string }).kind).sort();
    assert.ok(kinds.includes('ConfigMap'), `${tree.label}: the SD ConfigMap is built: ${kinds.join(', ')}`);
    assert.ok(!built.stdout.includes('10900'), `${tree.label}: the gossip port is gone from the build`);
    // What the report tells users to do: delete the files the migration emptied (gone already when a tree has several kustomizations).
    for (const [path, change] of tree.changes) if (change.after.trim() === '') rmSync(join(tree.out, path), { force: true });
    const again = await kustomize(dir);
    assert.equal(again.status, 0, `${tree.label} without the emptied files: ${again.stderr}`);
    assert.equal(again.stdout, built.stdout);
  }
});

test('negative control: kubectl kustomize rejects a kustomization that lists a deleted file', { skip: skipWithout('kubectl', 'kubernetes-client') }, async () => {
  const dir = join(scratch, 'kustomize-broken');
  mkdirSync(dir);
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- thanos-peers-service.yaml\n');
  const built = await kustomize(dir);
  assert.notEqual(built.status, 0);
  assert.match(built.stderr, /thanos-peers-service\.yaml/);
});

// ---- Kubernetes API schemas -----------------------------------------------

type Model = { validate(): void };
type ModelClass = new (data: object) => Model;

/** kubernetes-models (Kubernetes v1.36 OpenAPI) and its Prometheus-Operator models, by apiVersion/kind. */
async function modelFor(apiVersion: string, kind: string): Promise<ModelClass | null> {
  const spec = apiVersion.startsWith('monitoring.coreos.com/') ? `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}` : `kubernetes-models/${apiVersion}/${kind}`;
  try {
    return ((await import(spec)) as Record<string, ModelClass>)[kind] ?? null;
  } catch {
    return null;
  }
}

interface KubeDoc {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
  items?: KubeDoc[];
}

function kubeObjects(text: string): KubeDoc[] {
  return yamlDocs(text)
    .filter((doc): doc is KubeDoc => isMapping(doc) && typeof doc['apiVersion'] === 'string' && typeof doc['kind'] === 'string')
    .flatMap((doc) => (doc.kind.endsWith('List') && Array.isArray(doc.items) ? doc.items : [doc]));
}

const identityOf = (doc: KubeDoc) => `${doc.kind}/${doc.metadata?.namespace ?? ''}/${doc.metadata?.name ?? ''}`;

/** Objects of `after` that are new (`original` null) or differ from their namesake in `before`. */
function createdOrEdited(before: string, after: string): { doc: KubeDoc; original: KubeDoc | null }[] {
  const old = new Map(kubeObjects(before).map((doc) => [identityOf(doc), doc]));
  return kubeObjects(after)
    .filter((doc) => JSON.stringify(old.get(identityOf(doc))) !== JSON.stringify(doc))
    .map((doc) => ({ doc, original: old.get(identityOf(doc)) ?? null }));
}

/** Every schema error of `doc` as `path message`; null when no schema is known for its kind. */
async function schemaErrors(doc: KubeDoc): Promise<string[] | null> {
  const Model = await modelFor(doc.apiVersion, doc.kind);
  if (!Model) return null;
  const errors: string[] = typeof doc.metadata?.name === 'string' && doc.metadata.name !== '' ? [] : ['/metadata/name is missing'];
  try {
    new Model(doc).validate();
  } catch (error) {
    const details = (error as { errors?: { instancePath: string; message: string }[] }).errors;
    errors.push(...(details ? details.map((e) => `${e.instancePath} ${e.message}`) : [(error as Error).message]));
  }
  return errors;
}

test('every Kubernetes object the migration creates or edits validates against the Kubernetes API schema', async () => {
  // Created objects must be valid; an edited one may keep the original's own faults (the unit fixtures
  // abbreviate manifests, e.g. no selector) but gains none.
  const files = rewritten((change) => change.source?.kind === 'yaml');
  const checked: string[] = [];
  const invalid: string[] = [];
  const unknown = new Set<string>();
  for (const { tree, path, change } of files) {
    for (const { doc, original } of createdOrEdited(change.before!, change.after)) {
      // kustomize's own file, not an API object: kubectl kustomize above is its consumer.
      if (doc.apiVersion.startsWith('kustomize.config.k8s.io/')) continue;
      const where = `${tree.label}/${path}: ${doc.kind}/${doc.metadata?.name ?? '?'}`;
      const errors = await schemaErrors(doc);
      if (errors === null) {
        unknown.add(`${doc.apiVersion} ${doc.kind}`);
        continue;
      }
      const inherited = original ? ((await schemaErrors(original)) ?? []) : [];
      const fresh = errors.filter((error) => !inherited.includes(error));
      if (fresh.length > 0) invalid.push(`${where}${original ? '' : ' (created)'}: ${fresh.join('; ')}`);
      else checked.push(where);
    }
  }
  assert.deepEqual(invalid, []);
  assert.deepEqual([...unknown], [], 'objects of a kind without a schema');
  const kinds = new Set(checked.map((where) => where.split(': ')[1]!.split('/')[0]));
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ConfigMap', 'Service', 'NetworkPolicy', 'Prometheus']) assert.ok(kinds.has(kind), `no ${kind} was checked`);
  assert.ok(checked.length >= 30, `only ${checked.length} objects were checked`);
});

test('negative control: the schemas reject a string port, numeric ConfigMap data and a pod without containers', async () => {
  const deployment = (port: unknown, containers = true): KubeDoc =>
    ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'thanos-query' },
      spec: {
        selector: { matchLabels: { app: 'q' } },
        template: { metadata: { labels: { app: 'q' } }, spec: containers ? { containers: [{ name: 'q', image: 'thanos', ports: [{ containerPort: port }] }] } : {} },
      },
    }) as KubeDoc;
  assert.deepEqual(await schemaErrors(deployment(10901)), []);
  assert.deepEqual(await schemaErrors(deployment('10901')), ['/spec/template/spec/containers/0/ports/0/containerPort must be integer']);
  assert.deepEqual(await schemaErrors(deployment(10901, false)), ['/spec/template/spec must have required property containers']);
  assert.deepEqual(await schemaErrors({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sd' }, data: { 'sd.yaml': 1 } } as unknown as KubeDoc), ['/data/sd.yaml must be string']);
  assert.deepEqual(await schemaErrors({ apiVersion: 'v1', kind: 'ConfigMap', data: {} } as KubeDoc), ['/metadata/name is missing']);
  assert.equal(await schemaErrors({ apiVersion: 'example.com/v1', kind: 'Widget' } as KubeDoc), null, 'an unknown kind is not silently valid');
});

// ---- Helm templates ---------------------------------------------------------

/** Go template blocks: every if/with/range/define/block closed by its end, else only inside a block. */
function templateBalance(text: string): string | null {
  const depth: string[] = [];
  for (const match of text.matchAll(/\{\{-?\s*(if|with|range|define|block|else|end)\b/g)) {
    const word = match[1]!;
    if (word === 'end') {
      if (!depth.pop()) return `{{ end }} without a block at offset ${match.index}`;
    } else if (word === 'else') {
      if (depth.length === 0) return `{{ else }} outside a block at offset ${match.index}`;
    } else depth.push(word);
  }
  return depth.length === 0 ? null : `unclosed {{ ${depth.join(' }}, {{ ')} }}`;
}

test('rewritten Helm templates keep every {{ if }}/{{ with }}/{{ range }} closed (no Go-template renderer installs from npm or Debian)', () => {
  const templates = rewritten((change) => change.source?.kind === 'helm');
  assert.ok(templates.length >= 3, `only ${templates.length} templates were rewritten`);
  for (const { tree, path, change } of templates) {
    assert.equal(templateBalance(change.before!), null, `${tree.label}/${path}: the original is balanced`);
    assert.equal(templateBalance(change.after), null, `${tree.label}/${path}`);
  }
});

test('negative control: a guard whose {{ end }} went missing is unbalanced', () => {
  const change = rewritten((c, path) => c.source?.kind === "helm" && path === "templates/query-deployment.yaml")[0]?.change;
  const broken = change!.before!.replace(/\n\s*\{\{- end \}\}/, '');
  assert.equal(templateBalance(broken), 'unclosed {{ if }}');
});

test('the fixture trees above exist and migrate (a vanished tree would skip its consumer checks)', () => {
  for (const tree of migrated) assert.ok(existsSync(tree.dir), tree.label);
  assert.ok(migrated.length >= 40, `${migrated.length} trees`);
  assert.ok(migrated.filter((tree) => tree.changes.size > 0).length >= 30);
});
