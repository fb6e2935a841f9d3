// Property tests (fast-check): generated argv lists, shell scripts, systemd
// units with EnvironmentFiles and Kubernetes manifests, with gossip flags in
// random positions and forms. Through the library, for every input:
//   - the engine's self-check reports no `internal error` (the rewrite re-parses);
//   - the only differences are planned ones: each edit removes gossip flags or
//     layout, and the non-gossip tokens of every command are unchanged and in order;
//   - a second run is a no-op;
//   - Alertmanager lines are byte-identical.
// Seeded and bounded: FC_SEED / FC_RUNS override the defaults.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadAll } from 'js-yaml';
import { DEFAULT_MIGRATION_OPTIONS, planMigration, type MigrationPlan, type SourceFile, type SourceKind } from '../src/index.js';
import type { MigrationOptions } from '../src/index.js';

const SEED = Number(process.env.FC_SEED ?? 20240611);
const RUNS = Number(process.env.FC_RUNS ?? 150);
const PARAMS = { seed: SEED, numRuns: RUNS } as const;

const OPTIONS: MigrationOptions = { ...DEFAULT_MIGRATION_OPTIONS, storeEndpoints: ['10.9.9.9:10901'], queryEndpoints: ['10.9.9.9:10902'] };

// ---------------------------------------------------------------- generators

type Component = 'sidecar' | 'store' | 'query' | 'rule' | 'compact';

/** One argv element in model terms: a flag with its value, written in some form. */
interface Arg {
  name: string;
  value: string | null;
  isGossip: boolean;
  form: 'equals' | 'separate' | 'boolean' | 'negated';
}

const GOSSIP_VALUED: [string, fc.Arbitrary<string>][] = [
  ['cluster.address', fc.constantFrom('0.0.0.0:10900', '0.0.0.0:19391', '[::]:10900')],
  ['cluster.advertise-address', fc.constantFrom('10.0.0.5:10900', '127.0.0.1:19391', '$(POD_IP):10900', '${HOST_IP}:10900')],
  ['cluster.peers', fc.constantFrom('10.0.0.1:10900', 'thanos-peers.monitoring.svc:10900', '127.0.0.1:19391')],
  ['cluster.gossip-interval', fc.constantFrom('5s', '200ms')],
  ['cluster.pushpull-interval', fc.constantFrom('5s', '1m')],
  ['cluster.refresh-interval', fc.constantFrom('1m', '30s')],
  ['cluster.secret-key', fc.constantFrom('deadbeef', '0123abcd')],
  ['cluster.network-type', fc.constantFrom('lan', 'wan', 'local')],
  ['grpc-advertise-address', fc.constantFrom('10.0.0.5:10901', '127.0.0.1:19091')],
  ['http-advertise-address', fc.constantFrom('10.0.0.5:10902', '127.0.0.1:19191')],
];

const NORMAL: Record<Component, [string, string][]> = {
  sidecar: [['tsdb.path', '/var/lib/prometheus'], ['prometheus.url', 'http://localhost:9090'], ['grpc-address', '0.0.0.0:10901'], ['http-address', '0.0.0.0:10902']],
  store: [['data-dir', '/var/thanos/store'], ['objstore.config-file', '/etc/thanos/bucket.yml'], ['grpc-address', '0.0.0.0:10901'], ['http-address', '0.0.0.0:10902']],
  query: [['query.replica-label', 'replica'], ['http-address', '0.0.0.0:10902'], ['grpc-address', '0.0.0.0:10901']],
  rule: [['data-dir', '/var/thanos/rule'], ['rule-file', '/etc/thanos/rules/*.yml'], ['alertmanagers.url', 'http://127.0.0.1:9093'], ['http-address', '0.0.0.0:10902']],
  compact: [['data-dir', '/var/thanos/compact'], ['objstore.config-file', '/etc/thanos/bucket.yml'], ['http-address', '0.0.0.0:10902']],
};
const COMMON: [string, string][] = [['log.level', 'info'], ['log.format', 'logfmt']];

const valueForm = fc.constantFrom<'equals' | 'separate'>('equals', 'separate');

const gossipArg: fc.Arbitrary<Arg> = fc.oneof(
  fc.tuple(fc.constantFrom(...GOSSIP_VALUED.map(([name]) => name)), valueForm, fc.nat()).chain(([name, form]) => {
    const values = GOSSIP_VALUED.find(([flag]) => flag === name)![1];
    return values.map((value): Arg => ({ name, value, isGossip: true, form }));
  }),
  fc.constantFrom<'boolean' | 'negated'>('boolean', 'negated').map((form): Arg => ({ name: 'cluster.disable', value: null, isGossip: true, form })),
);

function normalArgs(component: Component): fc.Arbitrary<Arg[]> {
  // Each flag at most once (kingpin allows repeats only for repeatable flags), in a random order.
  return fc
    .shuffledSubarray([...NORMAL[component], ...COMMON], { minLength: 1 })
    .chain((flags) => fc.tuple(...flags.map(([name, value]) => valueForm.map((form): Arg => ({ name, value, isGossip: false, form })))));
}

/** Normal flags with 1–4 gossip flags spliced in at random positions (no flag twice). */
function argList(component: Component): fc.Arbitrary<Arg[]> {
  return fc
    .tuple(normalArgs(component), fc.uniqueArray(gossipArg, { minLength: 1, maxLength: 4, selector: (arg) => arg.name }), fc.array(fc.nat(), { minLength: 4, maxLength: 4 }))
    .map(([normal, gossip, positions]) => {
      const out = [...normal];
      gossip.forEach((arg, k) => out.splice(positions[k]! % (out.length + 1), 0, arg));
      return out;
    });
}

const component = fc.constantFrom<Component>('sidecar', 'store', 'query', 'rule', 'compact');

interface Command {
  component: Component;
  args: Arg[];
}
const command: fc.Arbitrary<Command> = component.chain((c) => argList(c).map((args) => ({ component: c, args })));

// ------------------------------------------------------------- shell spelling

type Quote = 'bare' | 'single' | 'double' | 'value-double' | 'value-single';
const quote = fc.constantFrom<Quote>('bare', 'bare', 'single', 'double', 'value-double', 'value-single');

function shellQuote(text: string, style: 'single' | 'double'): string {
  return style === 'single' ? `'${text}'` : `"${text}"`;
}

/** Words of one Arg as written in a shell (values with `$` are never single-quoted: they must stay expansions). */
function shellWords(arg: Arg, style: Quote): string[] {
  const flag = arg.form === 'negated' ? `--no-${arg.name}` : `--${arg.name}`;
  const expands = arg.value?.includes('$') ?? false;
  const single = expands ? 'double' : 'single';
  if (arg.value === null) return [style === 'single' || style === 'double' ? shellQuote(flag, style === 'single' ? single : 'double') : flag];
  switch (style) {
    case 'bare':
      return arg.form === 'equals' ? [`${flag}=${arg.value}`] : [flag, arg.value];
    case 'single':
    case 'double': {
      const s = style === 'single' ? single : 'double';
      return arg.form === 'equals' ? [shellQuote(`${flag}=${arg.value}`, s)] : [flag, shellQuote(arg.value, s)];
    }
    case 'value-double':
    case 'value-single': {
      const s = style === 'value-single' ? single : 'double';
      return arg.form === 'equals' ? [`${flag}=${shellQuote(arg.value, s)}`] : [flag, shellQuote(arg.value, s)];
    }
  }
}

const PROGRAMS = ['thanos', './thanos', '/usr/bin/thanos', 'exec thanos', 'nohup ./thanos', 'sudo -u thanos /usr/local/bin/thanos', 'GOMAXPROCS=2 thanos'];
const ALERTMANAGER = [
  './alertmanager --config.file=alertmanager.yml --cluster.listen-address=0.0.0.0:9094 --cluster.peer=127.0.0.1:9095 &',
  "alertmanager --cluster.peer '10.0.0.9:9094' --cluster.advertise-address=10.0.0.8:9094",
];

interface ShellCommandSpec {
  cmd: Command;
  program: string;
  quotes: Quote[];
  /** Per word boundary: continue on a new line, or stay on this line. */
  breaks: boolean[];
  ending: '' | ' &' | ' 2>&1 &' | ' >log.txt' | ';';
  loop: null | 'for-list' | 'for-seq' | 'for-brace';
}

const shellCommandSpec: fc.Arbitrary<ShellCommandSpec> = command.chain((cmd) =>
  fc.record({
    cmd: fc.constant(cmd),
    program: fc.constantFrom(...PROGRAMS),
    quotes: fc.array(quote, { minLength: cmd.args.length, maxLength: cmd.args.length }),
    breaks: fc.array(fc.boolean(), { minLength: cmd.args.length * 2 + 1, maxLength: cmd.args.length * 2 + 1 }),
    ending: fc.constantFrom<ShellCommandSpec['ending']>('', ' &', ' 2>&1 &', ' >log.txt', ';'),
    loop: fc.constantFrom<ShellCommandSpec['loop']>(null, null, 'for-list', 'for-seq', 'for-brace'),
  }),
);

function renderShellCommand(spec: ShellCommandSpec, indent: string, eol: string): string {
  const words = [spec.cmd.component, ...spec.cmd.args.flatMap((arg, k) => shellWords(arg, spec.quotes[k]!))];
  if (spec.loop) {
    // Inside a loop, make one value per iteration (the tool enumerates them).
    const k = words.findIndex((w) => /^--(grpc|http)-address/.test(w));
    if (k > 0 && words[k]!.includes('=')) words[k] = `${words[k]!.replace(/:\d+$/, '')}\${i}`.replace(/0\.0\.0\.0\${i}$/, '0.0.0.0:1090${i}');
  }
  let out = `${indent}${spec.program}`;
  words.forEach((word, k) => {
    out += spec.breaks[k] ? ` \\${eol}${indent}  ${word}` : ` ${word}`;
  });
  out += spec.ending + eol;
  if (!spec.loop) return out;
  const header = spec.loop === 'for-list' ? 'for i in 1 2 3' : spec.loop === 'for-seq' ? 'for i in `seq 1 3`' : 'for i in {1..3}';
  return `${header}${eol}do${eol}${out}done${eol}`;
}

const filler = fc.constantFrom('', '# a comment\n', '\n', 'mkdir -p data\n', 'echo "starting --cluster stuff"\n', 'trap \'kill 0\' SIGTERM\n');

const shellScript = fc
  .record({
    shebang: fc.constantFrom('', '#!/bin/sh\n', '#!/usr/bin/env bash\n'),
    commands: fc.array(shellCommandSpec, { minLength: 1, maxLength: 4 }),
    fillers: fc.array(filler, { minLength: 5, maxLength: 5 }),
    alertmanager: fc.option(fc.tuple(fc.constantFrom(...ALERTMANAGER), fc.nat(4)), { nil: undefined }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ shebang, commands, fillers, alertmanager, crlf, bom }) => {
    const blocks = commands.map((spec) => renderShellCommand(spec, '', '\n'));
    const amLine = alertmanager ? `${alertmanager[0]}\n` : null;
    if (amLine) blocks.splice(alertmanager![1] % (blocks.length + 1), 0, amLine);
    let text = shebang + blocks.map((block, k) => (fillers[k % fillers.length] ?? '') + block).join('') + (commands.length > 1 ? 'wait\n' : '');
    if (crlf) text = text.replace(/\n/g, '\r\n');
    if (bom) text = `\uFEFF${text}`;
    return { text, alertmanager: amLine === null ? null : crlf ? amLine.replace(/\n/g, '\r\n') : amLine };
  });

// ------------------------------------------------------------ a naive oracle

/** A shell word split independent of the tool: quotes, `\`-newline, comments; operators and newlines as tokens. */
function naiveWords(text: string): { raw: string; value: string }[] {
  const out: { raw: string; value: string }[] = [];
  let i = 0;
  const n = text.length;
  const push = (raw: string, value: string) => out.push({ raw, value });
  while (i < n) {
    const ch = text[i]!;
    if (ch === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (ch === '\n') {
      if (out.at(-1)?.raw !== '\n') push('\n', '\n');
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\uFEFF') {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '&' || ch === ';' || ch === '|') {
      push(ch, ch);
      i++;
      continue;
    }
    const start = i;
    let value = '';
    while (i < n) {
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '&' || c === ';' || c === '|') break;
      if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) break;
      if (c === "'") {
        const close = text.indexOf("'", i + 1);
        value += text.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        let j = i + 1;
        while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
        value += text.slice(i + 1, j);
        i = j + 1;
      } else {
        value += c;
        i++;
      }
    }
    // A redirect like 2>&1 is glued back together.
    if (value.endsWith('>') && text[i] === '&') {
      value += text.slice(i, i + 2);
      i += 2;
    }
    push(text.slice(start, i), value);
  }
  return out;
}

const GOSSIP_WORD = /^--(?:no-)?(cluster\.[a-z-]+|grpc-advertise-address|http-advertise-address)(=|$)/;
const SD_WORD = /^--(store\.sd-files|query\.sd-files|endpoint\.sd-config-file)(=|$)/;

/** Drop gossip flags (and the separate value of a valued one). */
function withoutGossip(words: { raw: string; value: string }[]): { kept: string[]; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const match = GOSSIP_WORD.exec(words[k]!.value);
    if (!match) {
      kept.push(words[k]!.value);
      continue;
    }
    dropped.push(words[k]!.raw);
    if (match[2] === '' && match[1] !== 'cluster.disable' && k + 1 < words.length && !/^[\n&;|]$/.test(words[k + 1]!.value)) dropped.push(words[++k]!.raw);
  }
  return { kept, dropped };
}

function withoutSd(words: { raw: string; value: string }[]): string[] {
  const kept: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const match = SD_WORD.exec(words[k]!.value);
    if (!match) kept.push(words[k]!.value);
    else if (match[2] === '') k++;
  }
  return kept;
}

// -------------------------------------------------------------- the checks

function plan(files: SourceFile[], existing: Map<string, string> = new Map()): MigrationPlan {
  return planMigration(files, OPTIONS, (path) => existing.get(path) ?? null);
}

function assertNoInternalError(result: MigrationPlan): void {
  const internal = result.problems.filter((p) => p.message.includes('internal error'));
  assert.deepEqual(internal.map((p) => `${p.path}: ${p.message}`), []);
}

/** Every edit removes gossip words or layout, and inserts discovery flags, layout, or words it removed (moved `&`). */
function assertEditsArePlanned(result: MigrationPlan, gossipRaw: Set<string>): void {
  for (const change of result.changes) {
    if (change.before === null) continue;
    for (const edit of change.edits) {
      const removed = naiveWords(change.before.slice(edit.span.start, edit.span.end)).map((w) => w.raw);
      const inserted = naiveWords(edit.text);
      for (const word of removed) {
        if (word === '\n' || word === '\\' || gossipRaw.has(word)) continue;
        assert.ok(naiveWords(edit.text).some((w) => w.raw === word), `${change.path}: edit removes ${JSON.stringify(word)}, not a gossip word, in ${JSON.stringify(edit)}`);
      }
      for (const word of withoutSd(inserted)) {
        if (word === '\n') continue;
        assert.ok(removed.some((raw) => naiveWords(raw)[0]?.value === word), `${change.path}: edit inserts ${JSON.stringify(word)} in ${JSON.stringify(edit.text)}`);
      }
    }
  }
}

function applyChanges(files: SourceFile[], result: MigrationPlan): { files: SourceFile[]; existing: Map<string, string> } {
  const after = new Map(result.changes.map((c) => [c.path, c.after]));
  const existing = new Map(result.changes.filter((c) => c.before === null).map((c) => [c.path, c.after]));
  return { files: files.map((f) => ({ ...f, text: after.get(f.path) ?? f.text })), existing };
}

function assertSecondRunNoop(files: SourceFile[], result: MigrationPlan): void {
  const next = applyChanges(files, result);
  const again = plan(next.files, next.existing);
  assert.deepEqual(again.changes.map((c) => c.path), [], 'second run changes nothing');
  assert.deepEqual(again.problems.map((p) => p.message), []);
}

function textOf(files: SourceFile[], result: MigrationPlan, path: string): string {
  return result.changes.find((c) => c.path === path)?.after ?? files.find((f) => f.path === path)!.text;
}

/** The shell-family check: tokens outside gossip flags and discovery flags are identical and in order. */
function assertTokensKept(before: string, after: string, drop: (text: string) => string = (t) => t): Set<string> {
  const b = withoutGossip(naiveWords(drop(before)));
  const a = withoutSd(naiveWords(drop(after)));
  assert.deepEqual(a, b.kept, 'non-gossip tokens unchanged and in order');
  assert.ok(!naiveWords(drop(after)).some((w) => GOSSIP_WORD.test(w.value)), 'no gossip flag left');
  return new Set(b.dropped);
}

// ------------------------------------------------------------------ properties

test('property: argv lists as plain command lines', () => {
  fc.assert(
    fc.property(command, fc.array(quote, { minLength: 12, maxLength: 12 }), fc.constantFrom('thanos', '/usr/bin/thanos'), (cmd, quotes, program) => {
      const text = `${program} ${[cmd.component, ...cmd.args.flatMap((arg, k) => shellWords(arg, quotes[k % quotes.length]!))].join(' ')}\n`;
      const files: SourceFile[] = [{ path: 'cmdline.txt', text, kind: 'plain' }];
      const result = plan(files);
      assertNoInternalError(result);
      const gossip = assertTokensKept(text, textOf(files, result, 'cmdline.txt'));
      assertEditsArePlanned(result, gossip);
      assertSecondRunNoop(files, result);
    }),
    PARAMS,
  );
});

test('property: shell scripts (continuations, quoting, loops, several commands, Alertmanager)', () => {
  fc.assert(
    fc.property(shellScript, ({ text, alertmanager }) => {
      const files: SourceFile[] = [{ path: 'run.sh', text, kind: 'shell' }];
      const result = plan(files);
      assertNoInternalError(result);
      const after = textOf(files, result, 'run.sh');
      if (alertmanager) assert.ok(after.includes(alertmanager), 'the Alertmanager line is byte-identical');
      const dropAm = (t: string) => (alertmanager ? t.replace(alertmanager, '') : t);
      const gossip = assertTokensKept(text, after, dropAm);
      assert.equal(text.startsWith('\uFEFF'), after.startsWith('\uFEFF'), 'BOM kept');
      if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(after), 'CRLF kept');
      assertEditsArePlanned(result, gossip);
      assertSecondRunNoop(files, result);
    }),
    PARAMS,
  );
});

// ---------------------------------------------------------------- systemd

const systemdCase = fc
  .record({
    cmd: command,
    inline: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    quotes: fc.array(fc.constantFrom<Quote>('bare', 'double', 'value-double'), { minLength: 12, maxLength: 12 }),
    /** Which env variable each env-held arg goes to: 0 = GOSSIP_OPTS-ish, 1 = EXTRA_OPTS. */
    bucket: fc.array(fc.nat(1), { minLength: 12, maxLength: 12 }),
    envQuote: fc.constantFrom('"', "'", ''),
    dash: fc.boolean(),
    crlf: fc.boolean(),
  })
  .map(({ cmd, inline, quotes, bucket, envQuote, dash, crlf }) => {
    const unitWords: string[] = [cmd.component];
    const vars: string[][] = [[], []];
    cmd.args.forEach((arg, k) => {
      if (inline[k] || envQuote === '') unitWords.push(...shellWords(arg, quotes[k]!));
      else vars[bucket[k]!]!.push(...shellWords(arg, 'bare'));
    });
    const names = ['THANOS_A_OPTS', 'THANOS_B_OPTS'];
    const used = names.filter((_, k) => vars[k]!.length > 0);
    const exec = [...unitWords, ...used.map((name) => `$${name}`)].map((w) => ` \\\n  ${w}`).join('');
    const envPath = `thanos-${cmd.component}`;
    let unit = `[Unit]\nDescription=Thanos ${cmd.component}\n\n[Service]\nUser=thanos\n${used.length ? `EnvironmentFile=${dash ? '-' : ''}/etc/default/${envPath}\n` : ''}ExecStart=/usr/local/bin/thanos${exec}\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n`;
    let env = `# /etc/default/${envPath}\n${names.map((name, k) => (vars[k]!.length ? `${name}=${envQuote}${vars[k]!.join(' ')}${envQuote}\n` : '')).join('')}`;
    if (crlf) {
      unit = unit.replace(/\n/g, '\r\n');
      env = env.replace(/\n/g, '\r\n');
    }
    const files: SourceFile[] = [{ path: `thanos-${cmd.component}.service`, text: unit, kind: 'systemd' }];
    if (used.length) files.push({ path: envPath, text: env, kind: 'env' });
    return files;
  });

/** Env file lines as `NAME=` followed by the words of the value. */
function envWords(text: string): { raw: string; value: string }[] {
  const out: { raw: string; value: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (!m) continue;
    out.push({ raw: `${m[1]}=`, value: `${m[1]}=` });
    out.push(...naiveWords(m[2]!.replace(/^(['"])(.*)\1$/, '$2')).map((w) => ({ raw: w.raw, value: w.value })));
    out.push({ raw: '\n', value: '\n' });
  }
  return out;
}

test('property: systemd units with EnvironmentFiles', () => {
  fc.assert(
    fc.property(systemdCase, (files) => {
      const result = plan(files);
      assertNoInternalError(result);
      const gossip = new Set<string>();
      // Env variables emptied of everything but gossip go, with their $VAR.
      const emptied: string[] = [];
      const env = files[1];
      if (env) {
        const before = withoutGossip(envWords(env.text));
        before.dropped.forEach((w) => gossip.add(w));
        const kept = before.kept.join(' ').split(/ ?\n ?/).filter((line) => line !== '');
        const expected = kept.filter((line) => (/=$/.test(line) ? (emptied.push(line.slice(0, -1)), false) : true));
        const after = withoutSd(envWords(textOf(files, result, env.path))).join(' ').split(/ ?\n ?/).filter((line) => line !== '');
        assert.deepEqual(after, expected, 'env file keeps its non-gossip words');
        const afterText = textOf(files, result, env.path);
        assert.ok(afterText.startsWith(env.text.split(/\r?\n/)[0]!), 'comment line kept');
      }
      const unit = files[0]!;
      const dropVars = (t: string) => emptied.reduce((acc, name) => acc.replace(`$${name}`, ''), t);
      const unitGossip = (() => {
        const b = withoutGossip(naiveWords(unit.text)).kept.filter((w) => !emptied.some((name) => w === `$${name}`));
        const a = withoutSd(naiveWords(textOf(files, result, unit.path)));
        // EnvironmentFile= stays even when every variable it set went (harmless), so compare words only.
        assert.deepEqual(a, b, 'unit keeps its non-gossip words in order');
        return withoutGossip(naiveWords(unit.text)).dropped;
      })();
      unitGossip.forEach((w) => gossip.add(w));
      void dropVars;
      for (const name of emptied) gossip.add(`$${name}`);
      for (const line of env?.text.split(/\r?\n/) ?? []) if (emptied.some((name) => line.startsWith(`${name}=`))) naiveWords(line).forEach((w) => gossip.add(w.raw));
      assertEditsArePlanned(result, gossip);
      assertSecondRunNoop(files, result);
    }),
    PARAMS,
  );
});

// ---------------------------------------------------------------- Kubernetes

type YamlQuote = 'plain' | 'single' | 'double';

function yamlScalar(text: string, style: YamlQuote): string {
  if (style === 'single') return `'${text}'`;
  if (style === 'double') return `"${text}"`;
  // Plain only where YAML keeps it a string that reads back the same.
  return /^[\w./:*-]+$/.test(text) && !/^\d+$/.test(text) && !/: /.test(text) ? text : `"${text}"`;
}

function argvWords(arg: Arg): string[] {
  const flag = arg.form === 'negated' ? `--no-${arg.name}` : `--${arg.name}`;
  if (arg.value === null) return [flag];
  return arg.form === 'equals' ? [`${flag}=${arg.value}`] : [flag, arg.value];
}

const kubeCase = fc
  .record({
    cmd: command,
    kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet'),
    flow: fc.boolean(),
    viaCommand: fc.boolean(),
    quotes: fc.array(fc.constantFrom<YamlQuote>('plain', 'single', 'double'), { minLength: 20, maxLength: 20 }),
    comments: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
    clusterPort: fc.boolean(),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    leadingDoc: fc.boolean(),
  })
  .map(({ cmd, kind, flow, viaCommand, quotes, comments, clusterPort, crlf, bom, leadingDoc }) => {
    const name = `thanos-${cmd.component}`;
    const argv = [...(viaCommand ? ['thanos'] : []), cmd.component, ...cmd.args.flatMap(argvWords)];
    const key = viaCommand ? 'command' : 'args';
    const items = argv.map((w, k) => yamlScalar(w, quotes[k % quotes.length]!));
    const list = flow
      ? `        ${key}: [${items.join(', ')}]\n`
      : `        ${key}:\n${items.map((item, k) => `${comments[k % comments.length] && k > 0 ? '        # note\n' : ''}        - ${item}${comments[(k + 7) % comments.length] ? '  # why' : ''}\n`).join('')}`;
    const serviceName = kind === 'StatefulSet' ? `    serviceName: ${name}\n` : '';
    let text =
      (leadingDoc ? `# leading comment\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: monitoring\n---\n` : '') +
      `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: monitoring\nspec:\n${kind === 'DaemonSet' ? '' : '  replicas: 1\n'}${serviceName.replace(/^    /, '  ')}  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n      - name: ${name}\n        image: improbable/thanos:v0.3.2\n${list}        ports:\n        - name: http\n          containerPort: 10902\n${clusterPort ? '        - name: cluster\n          containerPort: 10900\n' : ''}`;
    if (crlf) text = text.replace(/\n/g, '\r\n');
    if (bom) text = `\uFEFF${text}`;
    return { file: { path: `${name}.yaml`, text, kind: 'yaml' as SourceKind }, argv, key };
  });

interface KubeDoc {
  kind?: string;
  spec?: { template?: { spec?: { containers?: Record<string, unknown>[]; volumes?: unknown } } };
}

test('property: Kubernetes manifests (block/flow args, comments, CRLF, BOM)', () => {
  fc.assert(
    fc.property(kubeCase, ({ file, argv, key }) => {
      const files = [file];
      const result = plan(files);
      assertNoInternalError(result);
      const after = textOf(files, result, file.path);
      assert.equal(file.text.startsWith('\uFEFF'), after.startsWith('\uFEFF'), 'BOM kept');
      if (file.text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(after), 'CRLF kept');
      const docsBefore = loadAll(file.text.replace(/^\uFEFF/, '')) as KubeDoc[];
      const docsAfter = (loadAll(after.replace(/^\uFEFF/, '')) as KubeDoc[]).filter((doc) => doc?.kind !== 'ConfigMap' || docsBefore.some((d) => d?.kind === 'ConfigMap'));
      assert.equal(docsAfter.length, docsBefore.length, 'only a ConfigMap may be added');
      const workloadBefore = docsBefore.at(-1)!;
      const workloadAfter = docsAfter.at(-1)!;
      const cBefore = workloadBefore.spec!.template!.spec!.containers![0]!;
      const cAfter = workloadAfter.spec!.template!.spec!.containers![0]!;
      const expectedArgv = withoutGossip(argv.map((w) => ({ raw: w, value: w }))).kept;
      assert.deepEqual((cBefore[key] as string[]).map(String), argv, 'generator sanity');
      assert.deepEqual(withoutSd((cAfter[key] as string[]).map((w) => ({ raw: String(w), value: String(w) }))), expectedArgv, 'argv keeps every non-gossip word in order');
      // Nothing else changes but the planned structure: cluster port, SD volume and mount.
      const strip = (c: Record<string, unknown>) => {
        const { [key]: _argv, volumeMounts: _m, ports, ...rest } = c;
        return { ...rest, ports: (ports as { name: string }[]).filter((p) => p.name !== 'cluster') };
      };
      assert.deepEqual(strip(cAfter), strip(cBefore));
      const { containers: _a, volumes: _v, ...podAfter } = workloadAfter.spec!.template!.spec!;
      const { containers: _b, volumes: _w, ...podBefore } = workloadBefore.spec!.template!.spec!;
      assert.deepEqual(podAfter, podBefore);
      if (docsBefore.length > 1) assert.deepEqual(docsAfter[0], docsBefore[0]);
      // The text outside the workload's argv block keeps its comments.
      if (file.text.includes('# leading comment')) assert.ok(after.includes('# leading comment'));
      assertSecondRunNoop(files, result);
    }),
    PARAMS,
  );
});

// Found by the shell property: options of a wrapper (`sudo -u thanos`) hid the
// Thanos program, so its gossip flags were silently left in place.
test('regression: wrapper options before the program (sudo -u, nice -n, env -u)', () => {
  for (const prefix of ['sudo -u thanos', 'sudo -E -u thanos --', 'nice -n 10', 'env -u HOME', 'exec -a thanos-sidecar']) {
    const text = `${prefix} /usr/local/bin/thanos sidecar --tsdb.path=/data --cluster.peers=10.0.0.1:10900 &\n`;
    const files: SourceFile[] = [{ path: 'run.sh', text, kind: 'shell' }];
    const result = plan(files);
    assert.equal(textOf(files, result, 'run.sh'), `${prefix} /usr/local/bin/thanos sidecar --tsdb.path=/data &\n`, prefix);
  }
});
