// Shared by the tests: run the real bin, walk trees, make temp dirs.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * `main(argv, io)` in this process, with the same NO_COLOR environment as
 * runBin: ~100 times faster than a spawn. The library still resolves some
 * relative paths against the process's directory, so the call runs there.
 */
export async function runMain(args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const { main } = await import('../src/cli/main.js');
  const { Readable } = await import('node:stream');
  let stdout = '';
  let stderr = '';
  const cwd = options.cwd ?? ROOT;
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const status = await main(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: Readable.from([options.input ?? '']),
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      cwd,
    });
    return { stdout, stderr, status };
  } finally {
    process.chdir(previous);
  }
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
