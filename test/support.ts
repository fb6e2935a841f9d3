// Shared by the tests: run the real bin, walk trees, make temp dirs.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../src/cli/io.js';
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

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `tgm-${prefix}-`));
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

/** A CliIo that keeps what `main` writes, for in-process runs. */
export function memoryIo(cwd: string, env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd,
    env: { NO_COLOR: '1', ...env },
    stdin: process.stdin,
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

/** Runs the CLI in this process (no spawn), from `cwd`: exit code and output. */
export async function runMain(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const { main } = await import('../src/cli/main.js');
  const io = memoryIo(cwd, env);
  const status = await inDir(cwd, () => main(args, io));
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

