// The real wizard in a pseudo-terminal: tmux runs the bin, the test types
// with send-keys and reads the screen with capture-pane, then checks the
// files written and the printed command (which must do the same as the
// session when run on a fresh copy).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, readTree, ROOT, runMain, skipWithout, tempDir, whichTool } from './support.js';

const HAS_TMUX = whichTool('tmux') !== null;
// CI installs tmux (.ci/run): there a missing tmux fails the tests instead of skipping them.
const skip = skipWithout('tmux');
const SOCKET = `tgm-wizard-${process.pid}`;
const WIZARD = join(ROOT, 'fixtures', 'wizard');
let server: ChildProcess | undefined;

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  if (!HAS_TMUX) return;
  // A foreground server (-D) started here: no daemon() (which needs a
  // character-device /dev/null), and its pid is ours to stop.
  const config = join(tempDir('tmux-conf'), 'tmux.conf');
  writeFileSync(config, '');
  server = spawn('tmux', ['-D', '-L', SOCKET, '-f', config], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (spawnSync('tmux', ['-L', SOCKET, 'list-sessions']).stderr?.toString().match(/no server running|error connecting/) === null) return;
    await sleep(50);
  }
});

after(() => {
  if (!server) return;
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  server.kill();
});

let sessions = 0;

class Pane {
  readonly name = `w${++sessions}`;
  constructor(cwd: string, command: string) {
    // CI is unset and colour off so the screen is plain text; the pane stays after the wizard exits.
    const shell = `env -u CI NO_COLOR=1 ${command}; echo EXIT=$?; sleep 600`;
    tmux('new-session', '-d', '-s', this.name, '-x', '200', '-y', '60', '-c', cwd, shell);
  }
  screen(): string {
    return tmux('capture-pane', '-p', '-J', '-t', this.name);
  }
  history(): string {
    return tmux('capture-pane', '-p', '-J', '-S', '-', '-t', this.name);
  }
  async waitFor(pattern: RegExp, where: 'screen' | 'history' = 'screen', timeout = 15000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const text = where === 'screen' ? this.screen() : this.history();
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; screen:\n${this.history()}`);
      await sleep(50);
    }
  }
  /** Waits for an open prompt (`? message`), then sends keys. */
  async answer(prompt: string, ...keys: string[]): Promise<void> {
    await this.waitFor(new RegExp(`^\\? ${prompt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    for (const key of keys) {
      if (key.startsWith('text:')) tmux('send-keys', '-t', this.name, '-l', key.slice(5));
      else tmux('send-keys', '-t', this.name, key);
      await sleep(30);
    }
  }
  async exitCode(): Promise<number> {
    const text = await this.waitFor(/^EXIT=\d+/m, 'history');
    return Number(/^EXIT=(\d+)/m.exec(text)![1]);
  }
  close(): void {
    tmux('kill-session', '-t', this.name);
  }
}

function copyFixture(name: string, prefix: string): string {
  const dir = tempDir(prefix);
  cpSync(join(WIZARD, name), join(dir, name), { recursive: true });
  return dir;
}

/** Runs a printed `npx thanos-gossip-migrate …` command in process (the session is what needs the terminal). */
function runPrinted(command: string, cwd: string) {
  const words = command.trim().split(/\s+/);
  assert.deepEqual(words.slice(0, 2), ['npx', 'thanos-gossip-migrate']);
  assert.ok(words.every((w) => !/['"\\$]/.test(w)), 'no quoting expected in this command');
  return runMain(words.slice(2), cwd);
}

function printedCommand(history: string): string {
  const match = /Equivalent command:\n\s*(npx thanos-gossip-migrate .*)/.exec(history);
  assert.ok(match, history);
  return match[1]!;
}

test('full session on gossip-era Kubernetes manifests', { skip }, async () => {
  const dir = copyFixture('k8s', 'wtty-k8s');
  const pane = new Pane(dir, `node ${BIN} wizard k8s --save-answers answers.json`);
  try {
    await pane.answer('Remove gossip in this run?', 'Enter');
    await pane.answer('Which Thanos version', 'Enter');
    await pane.answer('Namespace they are deployed in:', 'text:monitoring', 'Enter');
    await pane.answer('Encoding of the service-discovery files?', 'Enter');
    await pane.answer('What should happen to them?', 'Enter');
    for (const file of ['prometheus', 'query', 'store']) await pane.answer(`Apply these changes to k8s/${file}.yaml`, 'Enter');
    await pane.answer('Write 3 file(s)?', 'Enter');
    assert.equal(await pane.exitCode(), 0, pane.history());
    const history = pane.history();
    assert.match(history, /Candidate files: 3 \(3 Kubernetes manifests\)/);
    assert.match(history, /query\s+Deployment\/thanos-query container thanos-query\s+k8s\/query\.yaml:22:11/);
    assert.match(history, /On Kubernetes the SD file is automatic: it goes into ConfigMap thanos-query-store-sd/);
    const command = printedCommand(history);
    assert.equal(command, 'npx thanos-gossip-migrate migrate --write --thanos-version v0.5.0 --namespace monitoring --sd-format yaml --leftovers remove k8s');

    const tree = readTree(join(dir, 'k8s'));
    assert.match(tree.get('query.yaml')!, /- "--store\.sd-files=\/etc\/thanos\/sd\/thanos-store-sd\.yaml"/);
    assert.match(tree.get('query.yaml')!, /kind: ConfigMap[\s\S]*dnssrv\+_grpc\._tcp\.prometheus-headless\.monitoring\.svc/);
    assert.match(tree.get('store.yaml')!, /name: thanos-store-grpc/);
    for (const [path, text] of tree) assert.doesNotMatch(text, /--cluster\.|thanos-peers\b/, path);
    const answers = JSON.parse(readFileSync(join(dir, 'answers.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(answers.namespace, 'monitoring');
    assert.equal(answers.write, true);

    const fresh = copyFixture('k8s', 'wtty-k8s-cmd');
    assert.equal((await runPrinted(command, fresh)).status, 0);
    assert.deepEqual(readTree(join(fresh, 'k8s')), tree);
  } finally {
    pane.close();
  }
});

test('full session on a docker-compose file: v0.38, JSON, a chosen mount path', { skip }, async () => {
  const dir = copyFixture('compose', 'wtty-compose');
  const pane = new Pane(dir, `node ${BIN} wizard compose`);
  try {
    await pane.answer('Remove gossip in this run?', 'Enter');
    await pane.answer('Which Thanos version', 'Down', 'Enter');
    await pane.answer('Encoding of the service-discovery files?', 'Down', 'Enter');
    await pane.answer('Where does Thanos read the SD file?', 'Down', 'Enter');
    await pane.answer('Path Thanos reads the SD file at:', 'text:/etc/thanos/sd/endpoints.json', 'Enter');
    await pane.answer('Apply these changes to compose/docker-compose.yml with compose/', 'Enter');
    await pane.answer('Write 2 file(s)?', 'Enter');
    assert.equal(await pane.exitCode(), 0, pane.history());
    const command = printedCommand(pane.history());
    assert.equal(command, 'npx thanos-gossip-migrate migrate --write --thanos-version v0.38.0 --sd-format json --sd-path /etc/thanos/sd/endpoints.json compose');
    const tree = readTree(join(dir, 'compose'));
    assert.equal(tree.size, 2);
    assert.match(tree.get('docker-compose.yml')!, /"--endpoint\.sd-config-file=\/etc\/thanos\/sd\/endpoints\.json"/);
    assert.match(tree.get('docker-compose.yml')!, /- \.\/endpoints\.query\.json:\/etc\/thanos\/sd\/endpoints\.json:ro/);
    assert.match(tree.get('endpoints.query.json')!, /"sidecar-a:10901"/);

    const fresh = copyFixture('compose', 'wtty-compose-cmd');
    assert.equal((await runPrinted(command, fresh)).status, 0);
    assert.deepEqual(readTree(join(fresh, 'compose')), tree);
  } finally {
    pane.close();
  }
});

test('replay from an answers file asks only what it lacks', { skip }, async () => {
  const dir = copyFixture('k8s', 'wtty-replay');
  writeFileSync(join(dir, 'answers.json'), JSON.stringify({ 'thanos-version': 'v0.5.0', namespace: 'monitoring', 'sd-format': 'yaml', files: { 'k8s/store.yaml': 'skip' } }));
  const pane = new Pane(dir, `node ${BIN} wizard k8s --answers answers.json`);
  try {
    await pane.answer('What should happen to them?', 'Down', 'Enter');
    await pane.answer('Apply these changes to k8s/prometheus.yaml', 'Enter');
    await pane.answer('Apply these changes to k8s/query.yaml', 'Enter');
    await pane.answer('Write 2 file(s), leaving 1 skipped file(s) untouched?', 'Enter');
    assert.equal(await pane.exitCode(), 0, pane.history());
    const history = pane.history();
    assert.doesNotMatch(history, /Remove gossip in this run\?|Which Thanos version|Namespace they are|Encoding of the/);
    assert.match(history, /skip \(from the answers file\)/);
    assert.match(history, /warning: k8s\/query\.yaml lists endpoints that need the Service k8s\/store\.yaml would gain/);
    assert.equal(printedCommand(history), 'npx thanos-gossip-migrate migrate --write --thanos-version v0.5.0 --namespace monitoring --sd-format yaml --leftovers report k8s');
    const tree = readTree(join(dir, 'k8s'));
    assert.equal(tree.get('store.yaml'), readFileSync(join(WIZARD, 'k8s', 'store.yaml'), 'utf8'));
    assert.match(tree.get('prometheus.yaml')!, /name: thanos-peers/); // leftovers reported, not removed
    assert.doesNotMatch(tree.get('prometheus.yaml')!, /--cluster\.peers/);
  } finally {
    pane.close();
  }
});

test('no TTY or CI set: exit 2 with the open questions, nothing written', { skip }, async () => {
  const dir = copyFixture('k8s', 'wtty-notty');
  const before = readTree(dir);
  const stdoutFile = join(tempDir('wtty-notty-out'), 'stdout.txt');
  for (const command of [`CI=true node ${BIN} wizard k8s`, `node ${BIN} wizard k8s < /dev/null`, `node ${BIN} wizard k8s > ${stdoutFile}`]) {
    const pane = new Pane(dir, command);
    try {
      assert.equal(await pane.exitCode(), 2, command);
      const history = pane.history();
      assert.match(history, /no terminal to ask on/);
      assert.match(history, /--thanos-version V\s+the Thanos version/);
      assert.match(history, /--namespace NS\s+the Kubernetes namespace/);
    } finally {
      pane.close();
    }
  }
  assert.deepEqual(readTree(dir), before);
});

test('Ctrl-C at a prompt: exit 130, every file untouched', { skip }, async () => {
  const dir = copyFixture('k8s', 'wtty-ctrlc');
  const before = readTree(dir);
  const pane = new Pane(dir, `node ${BIN} wizard k8s --save-answers answers.json`);
  try {
    await pane.answer('Remove gossip in this run?', 'Enter');
    await pane.answer('Which Thanos version', 'Enter');
    await pane.answer('Namespace they are deployed in:', 'text:monit', 'C-c');
    assert.equal(await pane.exitCode(), 130);
    assert.match(pane.history(), /Cancelled: no file was changed/);
  } finally {
    pane.close();
  }
  assert.deepEqual(readTree(dir), before);
  assert.ok(!existsSync(join(dir, 'answers.json')));
});
