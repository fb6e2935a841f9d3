// Shared by the tests: run the real bin, walk trees, make temp dirs.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import type { CliIo } from '../src/io.js';
import type { Prompter } from '../src/wizard/prompter.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'thanos-gossip-migrate.js');

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function runBin(args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

export type CheckThread = 'this' | 'worker';

const madeDirs: string[] = [];
// A test that fails mid-way still leaves /tmp clean: every directory made here goes when its process exits.
process.on('exit', () => {
  for (const dir of madeDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a directory a test made unreadable on purpose: left for the OS's tmp cleaner, never a failed run
    }
  }
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tgm-${prefix}-`));
  madeDirs.push(dir);
  return dir;
}

/** Every file under `dir`, as relative path -> text. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/**
 * The environment for npm, npx and the tools that call them: the Node running
 * this test first on PATH, so bins (`#!/usr/bin/env node`) run under it (Node
 * 22/24 in CI), and none of the npm_* variables an enclosing `npm test` sets
 * about the checkout it runs in.
 */
export function toolEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Set by the enclosing npm run / npx (e.g. npm_config_package=node@22 from `npx -p node@22`), not by the user.
    if (/^npm_(?!config_)|^npm_config_(local_prefix|call|yes|package)$/i.test(key)) continue;
    result[key] = value;
  }
  result['PATH'] = [dirname(process.execPath), process.env['PATH'] ?? ''].join(delimiter);
  result['NO_COLOR'] = '1';
  result['npm_config_audit'] = 'false';
  result['npm_config_fund'] = 'false';
  result['npm_config_update_notifier'] = 'false';
  return { ...result, ...extra };
}

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run a real tool without blocking the test runner; a timeout kills it and fails. */
export function runTool(command: string, args: string[], cwd: string, timeoutMs = 45_000, env: NodeJS.ProcessEnv = toolEnv()): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status, signal) => {
      if (signal) reject(new Error(`${command} ${args.join(' ')}: killed by ${signal} (timeout ${timeoutMs} ms)\n${stderr}`));
      else resolve({ status, stdout, stderr });
    });
  });
}

export const showRun = (r: ToolRun) => `exit ${r.status}\n--- stdout\n${r.stdout.slice(0, 3000)}\n--- stderr\n${r.stderr.slice(0, 3000)}`;

/** Where `name` is on PATH, or null (a consumer test then skips, saying why). */
export function whichTool(name: string): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/**
 * A `skip` value for a test that drives a real tool: a reason naming the
 * Debian package when the tool is missing here; never in CI (`.ci/run`
 * installs every such tool), where a missing tool must fail the test.
 */
export function skipWithout(tool: string, debianPackage = tool): string | false {
  if (whichTool(tool) !== null || process.env['CI']) return false;
  return `${tool} is not installed (apt-get install ${debianPackage})`;
}

/** A case's command-line arguments (fixtures/cases/<case>/case.json) as the raw options the CLI would build. */
export function caseArgs(args: string[]): Record<string, unknown> & { keepGossip?: boolean } {
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (flag === 'keepGossip') raw['keepGossip'] = true;
    else if (flag === 'storeEndpoint' || flag === 'queryEndpoint' || flag === 'meshComplete') raw[flag] = [...((raw[flag] as string[]) ?? []), args[++i]];
    else raw[flag] = args[++i];
  }
  return raw;
}

/**
 * A CliIo that keeps what `main` writes, for in-process runs; `stdin` is
 * empty unless given. `check` runs on this thread unless `checkThread` is
 * 'worker' (a worker costs ~300 ms a run; the worker path is what the bin takes).
 */
export function memoryIo(cwd: string, env: NodeJS.ProcessEnv = {}, stdin?: string | Buffer | Readable, checkThread: CheckThread = 'this'): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd,
    checkOnThisThread: checkThread === 'this',
    env: { NO_COLOR: '1', ...env },
    stdin: stdin instanceof Readable ? stdin : Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]),
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

/** Runs `body` with the process in `dir`, as the bin would be: relative paths in reports and SD files stay relative. */
export async function inDir<T>(dir: string, body: () => Promise<T>): Promise<T> {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    return await body();
  } finally {
    process.chdir(previous);
  }
}

/**
 * Runs the CLI in this process, as the bin would (no spawn): `main(argv, io)`
 * with `cwd` as its working directory (the process stays where it is), the
 * streams captured, stdin from a string, a Buffer or a stream. The
 * environment is only NO_COLOR=1 and `env`, not this process's.
 */
export async function runMain(args: string[], cwd: string = ROOT, env: NodeJS.ProcessEnv = {}, stdin?: string | Buffer | Readable, checkThread: CheckThread = 'this'): Promise<RunResult & { status: number }> {
  const { main } = await import('../src/cli/main.js');
  const io = memoryIo(cwd, env, stdin, checkThread);
  const status = await main(args, io);
  return { status, stdout: io.out(), stderr: io.err() };
}

/** Files a write of this tool (any version) leaves behind while in flight: `.tgm-…`. */
export function tempFilesIn(dir: string): string[] {
  return [...readTree(dir).keys()].filter((path) => /(^|\/)\.tgm-/.test(path));
}

/**
 * The Node that runs the tool as another user: the test's own, unless it
 * lives under /root (CI's node@22/node@24 from npx), which `nobody` cannot
 * execute; then the machine's own Node.
 */
export function nodeFor(uid: number | undefined): string {
  if (uid === undefined || !process.execPath.startsWith('/root/')) return process.execPath;
  return ['/usr/local/bin/node', '/usr/bin/node'].find((path) => existsSync(path)) ?? process.execPath;
}

/** A prompter that answers from a script, in order, and records the questions. */
export function scripted(replies: unknown[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = async (message: string) => {
    asked.push(message);
    if (replies.length === 0) throw new Error(`unexpected prompt: ${message}`);
    const reply = replies.shift();
    if (reply instanceof Error) throw reply;
    return reply as never;
  };
  return { asked, select: (m) => next(m), input: (m) => next(m), confirm: (m) => next(m) };
}

