// Embedded command lines: Markdown fences, shell and Ruby heredocs,
// Dockerfiles. Each fixture has every `--cluster.*` word (and its separate
// value) removed through its carriers' editors; the bytes must equal
// fixtures/embedded/expected/<name>.removed, and the problems are exact.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SourceFile } from '../src/model.js';
import { tokenize, splitCommands, type HeredocBody } from '../src/argv/tokenize.js';
import { readShellCarriers } from '../src/carriers/shell/read.js';
import { readDockerfileCarriers, readMarkdownCarriers, readRubyHeredocCarriers, readShellHeredocCarriers, blockView, markdownFences } from '../src/carriers/embedded/index.js';
import { readCarriers } from '../src/carriers/index.js';
import { describeProblems, expectedText, fixture, removeClusterWords } from './embedded-support.js';

/** A script's heredocs as the shell module reads them: collected by the one tokenization that reads its commands. */
function readScriptHeredocs(file: SourceFile) {
  const heredocs: HeredocBody[] = [];
  readShellCarriers(file, undefined, heredocs);
  return readShellHeredocCarriers(file, heredocs);
}

function check(name: string, read: (file: SourceFile) => { carriers: import('../src/model.js').ArgvCarrier[]; problems: { span: { start: number }; message: string }[] }, problems: string[]) {
  const file = fixture('embedded', name);
  const result = read(file);
  assert.equal(removeClusterWords(file, result.carriers), expectedText('embedded', name), `${name}: rewritten bytes`);
  assert.deepEqual(describeProblems(file, result.problems), problems, `${name}: problems`);
  return { file, result };
}

test('markdown runbook: console, bash and unlabelled fences, a YAML fence in a list item', () => {
  const { file, result } = check('runbook.md', readMarkdownCarriers, [
    '63:23 manual: --cluster.peers in a markdown yaml fence at line 61 that is not a whole Kubernetes object or compose file',
    '69:1 manual: markdown yaml fence at line 68: its lines are indented unevenly, so the YAML cannot be mapped',
    '74:15 manual: --cluster.peers in a markdown sh fence at line 73 inside a blockquote: the `>` prefixes are not part of the command',
    '83:3 manual: --cluster.disable in a markdown sh fence at line 81: its continuation lines carry a `> ` prompt',
  ]);
  assert.equal(file.kind, 'markdown');
  // The prompt is not part of the command; output lines are not commands.
  const sidecar = result.carriers.find((carrier) => carrier.words.some((word) => word.value === 'sidecar'))!;
  assert.equal(sidecar.words[0]!.value, 'sudo');
  assert.equal(file.text.slice(sidecar.words[0]!.span.start - 2, sidecar.words[0]!.span.start), '$ ');
  assert.ok(!result.carriers.some((carrier) => carrier.words.some((word) => word.value.startsWith('level=info'))));
  // Every carrier, YAML ones included, addresses the host file.
  for (const carrier of result.carriers) {
    assert.equal(carrier.file, file);
    for (const word of carrier.words) assert.equal(word.file, file);
  }
  const yaml = result.carriers.find((carrier) => carrier.kind === 'yaml-sequence')!;
  assert.equal(yaml.context.label, 'markdown yaml fence at line 41, Deployment/thanos-query container thanos-query');
  assert.equal(yaml.context.kind, 'command', 'no Kubernetes facts: they would route ConfigMaps into the Markdown file');
});

test('markdown: insertion after the last flag of a console command keeps the continuation style', () => {
  const file = fixture('embedded', 'runbook.md');
  const { carriers } = readMarkdownCarriers(file);
  const query = carriers.find((carrier) => carrier.words[1]?.value === 'query')!;
  const anchor = query.words.find((word) => word.value === '0.0.0.0:19092')!;
  const [edit] = query.editor.insertAfter(anchor, [{ value: '--store.sd-files=thanos-store-sd.yaml' }]);
  assert.equal(edit!.text, ' \\\n  --store.sd-files=thanos-store-sd.yaml');
});

test('markdown: the fence view is the fence body alone, at its offset in the host', () => {
  const text = '# t\r\n\r\n```yaml\r\na: 1\r\n```\r\nafter\r\n';
  const file: SourceFile = { path: 'x.md', text, kind: 'markdown' };
  const [fence] = markdownFences(text);
  const view = blockView(file, fence!.body);
  assert.deepEqual(view, { file: { path: 'x.md', text: 'a: 1\r\n', kind: 'yaml', linesBefore: 3 }, offset: 16 });
  assert.equal(text.slice(view.offset, view.offset + view.file.text.length), 'a: 1\r\n');
});

test('markdown: a yaml fence late in a long runbook is read at host offsets, and its edits land in the host', () => {
  const filler = '# notes\n\n'.repeat(500);
  const fence = '```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: q\nspec:\n  template:\n    spec:\n      containers:\n        - name: thanos-query\n          image: quay.io/thanos/thanos:v0.4.0\n          args: [query, --cluster.peers=store-0:10900, --http-address=0.0.0.0:10902]\n```\n';
  const text = `${filler}${fence}after\n`;
  const file: SourceFile = { path: 'runbook.md', text, kind: 'markdown' };
  const { carriers, problems } = readMarkdownCarriers(file);
  assert.deepEqual(problems, []);
  const words = carriers[0]!.words;
  assert.deepEqual(words.map((word) => text.slice(word.span.start, word.span.end)), words.map((word) => word.value));
  assert.ok(words.every((word) => word.file === file && word.span.start > filler.length));
  assert.equal(removeClusterWords(file, carriers), `${filler}${fence.replace(' --cluster.peers=store-0:10900,', '')}after\n`);
});

test('markdown: a line a YAML fence names in a message is the runbook\'s line, not the fence\'s', () => {
  const fence = '```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: q\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: quay.io/thanos/thanos:v0.4.0\n          args: &shared [query, --cluster.peers=store-0:10900]\n        - name: b\n          image: quay.io/thanos/thanos:v0.4.0\n          args: *shared\n```\n';
  const text = `${'prose\n'.repeat(8)}${fence}`;
  const file: SourceFile = { path: 'runbook.md', text, kind: 'markdown' };
  const { problems } = readMarkdownCarriers(file);
  const anchorLine = text.slice(0, text.indexOf('&shared')).split('\n').length;
  assert.equal(anchorLine, 20);
  assert.deepEqual(problems.map((problem) => problem.message.match(/anchor &shared at line \d+/)?.[0]), ['anchor &shared at line 20']);
});

test('markdown: tilde fences, a longer closing fence, and an unlabelled fence read as shell', () => {
  const text = '~~~bash\nthanos query --cluster.peers=a:10900\n~~~~\n\n```\nls -la\n```\n';
  const file: SourceFile = { path: 'r.md', text, kind: 'markdown' };
  const { carriers, problems } = readMarkdownCarriers(file);
  assert.deepEqual(carriers.map((carrier) => carrier.words.map((word) => word.value)), [['thanos', 'query', '--cluster.peers=a:10900'], ['ls', '-la']]);
  assert.deepEqual(problems, []);
  assert.equal(removeClusterWords(file, carriers), '~~~bash\nthanos query\n~~~~\n\n```\nls -la\n```\n');
});

test('dockerfile exec form across continued lines: elements go with one comma, the JSON stays valid', () => {
  check('Dockerfile.sidecar', readDockerfileCarriers, []);
  const after = expectedText('embedded', 'Dockerfile.sidecar');
  const entrypoint = after.slice(after.indexOf('[')).replace(/\\\n/g, '');
  assert.deepEqual(JSON.parse(entrypoint), ['/bin/thanos', 'sidecar', '--prometheus.url=http://localhost:9090']);
});

test('dockerfile shell form: the shared editor drops the `\\` before a removed last flag', () => {
  const { result } = check('query.Dockerfile', readDockerfileCarriers, []);
  assert.deepEqual(result.carriers.map((carrier) => [carrier.kind, carrier.image]), [['plain-command', 'alpine:3.9']]);
});

test('dockerfile: ENTRYPOINT and CMD of a stage are one argv; a Thanos base image makes CMD arguments; JSON escapes are manual', () => {
  const { result } = check('Dockerfile', readDockerfileCarriers, [
    '7:15 manual: --cluster.peers in the exec form of Dockerfile CMD at line 7: a JSON escape makes the bytes differ from the argument',
  ]);
  assert.deepEqual(
    result.carriers.map((carrier) => [carrier.context.label, carrier.argsOnly ?? false, carrier.words[0]!.value]),
    [
      ['Dockerfile CMD at line 4 (after the ENTRYPOINT at line 3)', false, '/bin/thanos'],
      ['Dockerfile CMD at line 10', true, 'compact'],
    ],
  );
  for (const text of expectedText('embedded', 'Dockerfile').split('\n').filter((line) => line.startsWith('CMD ['))) {
    if (!text.includes('\\"')) JSON.parse(text.slice(4));
  }
});

test('dockerfile exec form: insertion adds `, "arg"` inline, or a continued line in a one-per-line array', () => {
  const inline = fixture('embedded', 'Dockerfile');
  const store = readDockerfileCarriers(inline).carriers[0]!;
  const anchor = store.words.find((word) => word.value.startsWith('--objstore'))!;
  assert.deepEqual(store.editor.insertAfter(anchor, [{ value: '--x=a b' }]).map((edit) => edit.text), [', "--x=a b"']);
  const multi = fixture('embedded', 'Dockerfile.sidecar');
  const sidecar = readDockerfileCarriers(multi).carriers[0]!;
  const url = sidecar.words.find((word) => word.value.startsWith('--prometheus.url'))!;
  assert.deepEqual(sidecar.editor.insertAfter(url, [{ value: '--y' }]).map((edit) => edit.text), [', \\\n             "--y"']);
});

test('shell heredocs: a start script and a systemd unit written by cat; escapes that rewrite bytes are manual', () => {
  check('bootstrap.sh', readScriptHeredocs, [
    '25:3 manual: --cluster.peers inside the shell heredoc <<EOF at line 23: the shell escape "\\\\$" at line 24 rewrites the bytes, so edits cannot be mapped',
  ]);
});

test('ruby heredocs: Terraform user_data inside <<~TF, #{…} opaque; \\\\ continuations and plain strings are manual', () => {
  const { result } = check('terraform.rb', readRubyHeredocCarriers, [
    '40:9 manual: --cluster.peers inside the Ruby heredoc <<~EOS at line 38: the Ruby escape "\\\\\\\\" at line 39 rewrites the bytes, so edits cannot be mapped',
    '45:57 manual: --cluster.disable in Ruby code outside a heredoc (string escaping is not mapped)',
  ]);
  const store = result.carriers.find((carrier) => carrier.words.some((word) => word.value === 'store'))!;
  assert.ok(store.words.some((word) => word.value === `#{@peers.map { |p| "#{p}:10900" }.join(',')}` && word.hasExpansion));
  assert.ok(store.words.some((word) => word.value === '/etc/thanos/#{@bucket}.yml'));
});

test('the registry: kinds by name, and heredoc carriers come with a shell script', () => {
  const files = ['runbook.md', 'Dockerfile', 'Dockerfile.sidecar', 'query.Dockerfile', 'terraform.rb', 'bootstrap.sh'].map((name) => fixture('embedded', name));
  assert.deepEqual(files.map((file) => file.kind), ['markdown', 'dockerfile', 'dockerfile', 'dockerfile', 'ruby', 'shell']);
  const read = readCarriers(files);
  const bootstrap = files[5]!;
  assert.ok(read.carriers.some((carrier) => carrier.file === bootstrap && carrier.words.some((word) => word.value === 'sidecar')));
  assert.ok(read.carriers.some((carrier) => carrier.file === bootstrap && carrier.words[0]?.value === 'chmod'));
  assert.equal(read.problems.filter((problem) => problem.message.startsWith('manual: ')).length, 8);
});

test('tokenizer: #{…} is opaque only with hostInterpolation; heredoc bodies are reported', () => {
  const text = 'thanos rule --label=#{ x.join(" ") } # c\n';
  const file: SourceFile = { path: 't', text, kind: 'shell' };
  const words = (hostInterpolation: boolean) =>
    splitCommands(tokenize(file, { start: 0, end: text.length }, { dialect: 'sh', hostInterpolation })).map((c) => c.words.map((w) => w.value));
  assert.deepEqual(words(true), [['thanos', 'rule', '--label=#{ x.join(" ") }']]);
  assert.deepEqual(words(false)[0], ['thanos', 'rule', '--label=#{', 'x.join']);
  const script = 'cat <<-"EOF" >x\n\tthanos\n\tEOF\necho\n';
  const heredocs: import('../src/argv/tokenize.js').HeredocBody[] = [];
  tokenize({ path: 's', text: script, kind: 'shell' }, { start: 0, end: script.length }, { dialect: 'sh', heredocs });
  assert.deepEqual(heredocs.map((h) => [script.slice(h.body.start, h.body.end), h.delimiter, h.isQuoted, h.stripsTabs, h.isTerminated]), [['\tthanos\n', 'EOF', true, true, true]]);
});

test('shell heredocs feeding kubectl are YAML: a manifest in `kubectl apply -f - <<EOF` is edited in place, an unterminated one runs to the end', () => {
  const text = [
    '#!/bin/sh',
    'kubectl apply -f - <<EOF',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: thanos-query}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: thanos-query',
    '        image: improbable/thanos:v0.3.2',
    '        args: ["query", "--cluster.peers=thanos-peers:10900"]',
    'EOF',
    'cat > store.yaml <<\'EOF\'',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: thanos-store}',
    'spec: {template: {spec: {containers: [{name: s, image: improbable/thanos, args: [store, --cluster.disable]}]}}}',
    '',
  ].join('\n');
  const file: SourceFile = { path: 'deploy.sh', text, kind: 'shell' };
  const result = readScriptHeredocs(file);
  assert.deepEqual(result.carriers.map((carrier) => [carrier.kind, carrier.context.label]), [
    ['yaml-sequence', 'shell heredoc <<EOF at line 2, Deployment/thanos-query container thanos-query'],
    ['yaml-sequence', "shell heredoc <<'EOF' at line 14 (never terminated), Deployment/thanos-store container s"],
  ]);
  assert.equal(
    removeClusterWords(file, result.carriers),
    text.replace(', "--cluster.peers=thanos-peers:10900"', '').replace(', --cluster.disable', ''),
  );
});
