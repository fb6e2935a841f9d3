// Inline suppressions, the config file, glob matching and applySuppressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInlineSuppressions, type InlineSuppression } from '../src/suppress/inline.js';
import { findConfigFile, parseConfigFile, matchesGlob, type ConfigFile } from '../src/suppress/config.js';
import { applySuppressions } from '../src/suppress/apply.js';

const sup = (line: number, ruleIds: string[], reason: string, appliesToLine: number): InlineSuppression => ({ line, ruleIds, reason, appliesToLine });

const inlineCases: { name: string; text: string; want: InlineSuppression[] }[] = [
  {
    name: 'own line applies to the next non-blank line',
    text: 'thanos query \\\n  # thanos-gossip-migrate-ignore gossip-flag kept until step 2\n\n  --cluster.peers=a:1\n',
    want: [sup(2, ['gossip-flag'], 'kept until step 2', 4)],
  },
  {
    name: 'trailing comment applies to its own line',
    text: 'args:\n  - --cluster.peers=a:1  # thanos-gossip-migrate-ignore gossip-flag,gossip-port legacy\n',
    want: [sup(2, ['gossip-flag', 'gossip-port'], 'legacy', 2)],
  },
  {
    name: 'spaces around commas, `*`, no reason, no space after #',
    text: '#thanos-gossip-migrate-ignore a , b\nx\ny # thanos-gossip-migrate-ignore *\n',
    want: [sup(1, ['a', 'b'], '', 2), sup(3, ['*'], '', 3)],
  },
  {
    name: 'inside quotes is not a comment',
    text: `echo "x # thanos-gossip-migrate-ignore a"\nv: 'y # thanos-gossip-migrate-ignore b'\nARGS="--z=1 # thanos-gossip-migrate-ignore c"\n`,
    want: [],
  },
  {
    name: 'a comment after a quoted string still counts; an apostrophe in a word opens no quote',
    text: `v: "a#b" # thanos-gossip-migrate-ignore r1 why\nnote: don't # thanos-gossip-migrate-ignore r2\n`,
    want: [sup(1, ['r1'], 'why', 1), sup(2, ['r2'], '', 2)],
  },
  {
    name: '# must start a word; // is not a comment',
    text: 'url: http://x#thanos-gossip-migrate-ignore a\n// thanos-gossip-migrate-ignore b\nx\n',
    want: [],
  },
  {
    name: 'missing rule id',
    text: '# thanos-gossip-migrate-ignore\nx\ny # thanos-gossip-migrate-ignore -- only a reason\n',
    want: [sup(1, [], '', 2), sup(3, [], 'only a reason', 3)],
  },
  {
    name: 'marker must be a whole word',
    text: '# thanos-gossip-migrate-ignored a\n# thanos-gossip-migrate-ignore-next a\nx\n',
    want: [],
  },
  {
    name: 'stacked own-line comments both apply to the code line; CRLF',
    text: '[Service]\r\n# thanos-gossip-migrate-ignore a\r\n# thanos-gossip-migrate-ignore b\r\n\r\nExecStart=/usr/bin/thanos\r\n',
    want: [sup(2, ['a'], '', 5), sup(3, ['b'], '', 5)],
  },
  {
    name: 'comment on the last line applies to itself',
    text: 'x\n# thanos-gossip-migrate-ignore a\n',
    want: [sup(2, ['a'], '', 2)],
  },
];

for (const c of inlineCases) {
  test(`readInlineSuppressions: ${c.name}`, () => {
    assert.deepEqual(readInlineSuppressions(c.text), c.want);
  });
}

test('findConfigFile: nearest parent wins, .yml accepted, null when none', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'tgm-config-')));
  try {
    const deep = join(root, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    mkdirSync(join(root, '.git'));
    assert.equal(findConfigFile(deep), null);
    writeFileSync(join(root, '.thanos-gossip-migrate.yaml'), 'ignore: []\n');
    assert.equal(findConfigFile(deep), join(root, '.thanos-gossip-migrate.yaml'));
    writeFileSync(join(root, 'a', '.thanos-gossip-migrate.yml'), '');
    assert.equal(findConfigFile(deep), join(root, 'a', '.thanos-gossip-migrate.yml'));
    assert.equal(findConfigFile(join(root, 'a')), join(root, 'a', '.thanos-gossip-migrate.yml'));
    // a directory with the name is not a config file
    mkdirSync(join(root, 'a', 'b', '.thanos-gossip-migrate.yaml'));
    assert.equal(findConfigFile(deep), join(root, 'a', '.thanos-gossip-migrate.yml'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('findConfigFile: the search stops at the repository root, or $HOME, and outside both looks only in the folder itself', () => {
  const top = realpathSync(mkdtempSync(join(tmpdir(), 'tgm-config-')));
  try {
    const repo = join(top, 'repo');
    const deep = join(repo, 'deploy', 'prod');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(top, '.thanos-gossip-migrate.yaml'), 'ignore: [{paths: ["**"]}]\n');
    // Not a repository, not under home: only the folder itself.
    assert.equal(findConfigFile(deep, '/nonexistent-home'), null);
    assert.equal(findConfigFile(top, '/nonexistent-home'), join(top, '.thanos-gossip-migrate.yaml'));
    // Under home: up to home.
    assert.equal(findConfigFile(deep, top), join(top, '.thanos-gossip-migrate.yaml'));
    assert.equal(findConfigFile(deep, repo), null);
    // In a repository: up to its root, never above it (a worktree's .git is a file).
    writeFileSync(join(repo, '.git'), 'gitdir: /elsewhere\n');
    assert.equal(findConfigFile(deep, top), null);
    writeFileSync(join(repo, '.thanos-gossip-migrate.yml'), '');
    assert.equal(findConfigFile(deep, top), join(repo, '.thanos-gossip-migrate.yml'));
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
});

test('matchesGlob: pathological stars finish in milliseconds', () => {
  const started = performance.now();
  for (const glob of [`${'*'.repeat(40)}a`, `${'*'.repeat(5000)}a`, `${'*a'.repeat(2000)}b`, `${'**/'.repeat(1000)}x`]) {
    assert.equal(matchesGlob(`${'a'.repeat(60)}b/${'a'.repeat(200)}b`, glob), false, glob.slice(0, 12));
  }
  assert.ok(performance.now() - started < 100, `${(performance.now() - started).toFixed(1)} ms`);
});

const configCases: { name: string; text: string; want: ConfigFile | { error: string; line: number } }[] = [
  { name: 'empty', text: '', want: { path: 'c.yaml', ignore: [], options: {}, exclude: [], rules: [] } },
  {
    name: 'full',
    text:
      '# lint settings\nignore:\n  - paths: ["charts/legacy/**", "docs/*.md"]\n    rules: [gossip-port]\n    reason: "old chart"\n  - paths:\n      - scripts/run.sh\noptions:\n  thanosVersion: 0.50\n  namespace: monitoring\n  sdFormat: json\n  leftovers: report\n  failOn: warning\n  maxWarnings: 0\n  format: json\n  k8sDns: pod\nexclude: ["vendor/**", "*.bak"]\nrules:\n  gossip-port: off\n  loopback-unreachable: error\n',
    want: {
      path: 'c.yaml',
      ignore: [
        { paths: ['charts/legacy/**', 'docs/*.md'], rules: ['gossip-port'], reason: 'old chart', line: 3 },
        { paths: ['scripts/run.sh'], rules: [], line: 6 },
      ],
      options: { thanosVersion: '0.50', namespace: 'monitoring', sdFormat: 'json', leftovers: 'report', failOn: 'warning', maxWarnings: 0, format: 'json', k8sDns: 'pod' },
      exclude: ['vendor/**', '*.bak'],
      rules: [
        { id: 'gossip-port', setting: 'off', line: 19 },
        { id: 'loopback-unreachable', setting: 'error', line: 20 },
      ],
    },
  },
  { name: 'a rule setting that is not one', text: 'rules:\n  gossip-port: false\n', want: { error: 'rules.gossip-port must be one of off, error, warning, info, found "false"', line: 2 } },
  { name: 'rules as a list', text: 'rules: [gossip-port]\n', want: { error: '`rules` must be a mapping of rule id to off, error, warning, info, found a list', line: 1 } },
  { name: 'exclude as a string', text: 'exclude: vendor\n', want: { error: '`exclude` must be a list of strings, found "vendor"', line: 1 } },
  { name: 'unknown top-level key', text: 'ignore: []\nignores: []\n', want: { error: 'unknown key "ignores" (allowed: options, exclude, rules, ignore)', line: 2 } },
  {
    name: 'unknown key in an ignore entry',
    text: 'ignore:\n  - paths: [a]\n    rule: [x]\n',
    want: { error: 'unknown key "rule" in ignore[0] (allowed: paths, rules, reason)', line: 3 },
  },
  {
    name: 'unknown option',
    text: 'options:\n  sdFormat: yaml\n  sd-format: json\n',
    want: { error: 'unknown option "sd-format" (allowed: thanosVersion, namespace, sdFormat, leftovers, k8sDns, failOn, maxWarnings, format)', line: 3 },
  },
  { name: 'bad option value', text: 'options:\n  sdFormat: toml\n', want: { error: 'option sdFormat must be one of yaml, json, found "toml"', line: 2 } },
  { name: 'maxWarnings not a number', text: 'options:\n  maxWarnings: "5"\n', want: { error: 'option maxWarnings must be a whole number (-1 for no limit), found "5"', line: 2 } },
  { name: 'entry without paths', text: 'ignore:\n  - rules: [x]\n', want: { error: 'ignore[0] has no `paths:`', line: 2 } },
  { name: 'paths not a list', text: 'ignore:\n  - paths: a/**\n', want: { error: '`ignore[0].paths` must be a list of strings, found "a/**"', line: 2 } },
  { name: 'ignore not a list', text: 'ignore:\n  paths: [a]\n', want: { error: '`ignore` must be a list of entries with `paths:`, found a mapping', line: 2 } },
  { name: 'root not a mapping', text: '- a\n', want: { error: 'the config must be a mapping (keys: options, exclude, rules, ignore), found a list', line: 1 } },
  { name: 'YAML syntax error', text: 'ignore:\n  - paths: [a\n options: {}\n', want: { error: 'invalid YAML: deficient indentation', line: 3 } },
  // an empty list item was placed at the end of the item before it (line 2)
  { name: 'empty list item on its own line', text: 'exclude:\n  - "a/**"\n  -\n', want: { error: '`exclude` must hold non-empty strings, found nothing', line: 3 } },
  { name: 'duplicate key from the loader, with its line', text: 'options:\n  namespace: a\noptions: {}\n', want: { error: 'invalid YAML: duplicated mapping key', line: 3 } },
  { name: 'an alias reads as what it names', text: 'exclude: &x\n  - a/**\nignore:\n  - paths: *x\n    reason: &r 0\n  - paths: [b]\n    rules: *x\n    reason: *r\n', want: { path: 'c.yaml', ignore: [{ paths: ['a/**'], rules: [], reason: '0', line: 4 }, { paths: ['b'], rules: ['a/**'], reason: '0', line: 6 }], options: {}, exclude: ['a/**'], rules: [] } },
];

for (const c of configCases) {
  test(`parseConfigFile: ${c.name}`, () => {
    assert.deepEqual(parseConfigFile('c.yaml', c.text), c.want);
  });
}

const globCases: [string, string, boolean][] = [
  ['charts/legacy/templates/query.yaml', 'charts/legacy/**', true],
  ['charts/legacy', 'charts/legacy/**', false],
  ['charts/legacyx/a.yaml', 'charts/legacy/**', false],
  ['docs/a.md', 'docs/*.md', true],
  ['docs/sub/a.md', 'docs/*.md', false],
  ['docs/sub/a.md', 'docs/**/*.md', true],
  ['docs/a.md', 'docs/**/*.md', true],
  ['a/b/run.sh', '**/run.sh', true],
  ['run.sh', '**/run.sh', true],
  ['run.sh', '*.sh', true],
  ['scripts/run.sh', '*.sh', false],
  ['run1.sh', 'run?.sh', true],
  ['run12.sh', 'run?.sh', false],
  ['charts/legacy/a.yaml', 'charts/legacy', true],
  ['charts/legacy/a.yaml', './charts/legacy/', true],
  ['a+b(1).yaml', 'a+b(1).yaml', true],
  ['axb.yaml', 'a.b.yaml', false],
  ['./x/y.yaml', 'x/*.yaml', true],
];

test('matchesGlob', () => {
  for (const [path, glob, want] of globCases) assert.equal(matchesGlob(path, glob), want, `${path} ~ ${glob}`);
});

test('applySuppressions: inline and config, used and unused', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'tgm-apply-')));
  try {
    const f = (ruleId: string, rel: string, line: number) => ({ ruleId, path: join(root, rel), line, id: `${ruleId}@${rel}:${line}` });
    const run = join(root, 'run.sh');
    const findings = [
      f('gossip-flag', 'run.sh', 4), // inline, own-line comment on 3
      f('gossip-flag', 'run.sh', 6), // inline `*` trailing on 6
      f('gossip-port', 'run.sh', 8), // not suppressed (comment names another rule)
      f('gossip-port', 'charts/legacy/t.yaml', 2), // config entry 0
      f('gossip-flag', 'charts/legacy/t.yaml', 3), // kept: entry 0 is gossip-port only
      f('gossip-flag', 'docs/a.md', 1), // config entry 1 (all rules)
      f('gossip-flag', 'other/x.sh', 1), // kept
    ];
    const inline = new Map<string, InlineSuppression[]>([
      [
        run,
        [
          sup(3, ['gossip-flag', 'gossip-port'], 'step 1', 4),
          sup(6, ['*'], '', 6),
          sup(8, ['loopback-unreachable'], '', 8),
          sup(10, [], '', 11), // malformed: the caller reports it, not "unused"
        ],
      ],
    ]);
    const config: ConfigFile = {
      path: join(root, '.thanos-gossip-migrate.yaml'),
      ignore: [
        { paths: ['charts/legacy/**'], rules: ['gossip-port'], line: 2 },
        { paths: ['docs/*.md'], rules: [], reason: 'examples', line: 5 },
        { paths: ['nowhere/**'], rules: [], line: 7 },
      ],
      options: {},
      exclude: [],
      rules: [],
    };
    const r = applySuppressions(findings, inline, config, root);
    assert.deepEqual(r.kept.map((x) => x.id), ['gossip-port@run.sh:8', 'gossip-flag@charts/legacy/t.yaml:3', 'gossip-flag@other/x.sh:1']);
    assert.deepEqual(
      r.suppressed.map((s) => [s.finding.id, s.by]),
      [
        ['gossip-flag@run.sh:4', `${run}:3`],
        ['gossip-flag@run.sh:6', `${run}:6`],
        ['gossip-port@charts/legacy/t.yaml:2', `${config.path}:2 (ignore[0])`],
        ['gossip-flag@docs/a.md:1', `${config.path}:5 (ignore[1])`],
      ],
    );
    assert.deepEqual(r.unused, [
      { path: run, line: 3, message: 'unused suppression: no gossip-port finding on line 4' },
      { path: run, line: 8, message: 'unused suppression: no loopback-unreachable finding on line 8' },
      { path: config.path, line: 7, message: 'unused ignore entry ignore[2]: no finding under nowhere/**' },
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('applySuppressions: inline wins the attribution, both count as used; files outside the config dir never match', () => {
  const inline = new Map([['proj/a.sh', [sup(1, ['r'], '', 1)]]]);
  const config: ConfigFile = { path: 'proj/.thanos-gossip-migrate.yaml', ignore: [{ paths: ['**'], rules: ['r'], line: 2 }], options: {}, exclude: [], rules: [] };
  const findings = [
    { ruleId: 'r', path: 'proj/a.sh', line: 1 },
    { ruleId: 'r', path: 'elsewhere/b.sh', line: 1 },
  ];
  const r = applySuppressions(findings, inline, config, 'proj');
  assert.deepEqual(r.suppressed, [{ finding: findings[0], by: 'proj/a.sh:1' }]);
  assert.deepEqual(r.kept, [findings[1]]);
  assert.deepEqual(r.unused, []);
  assert.deepEqual(applySuppressions(findings, new Map(), null, 'proj'), { kept: findings, suppressed: [], unused: [] });
});
