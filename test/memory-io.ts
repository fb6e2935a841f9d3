// An in-process CliIo: stdout and stderr collected as strings, stdin from a
// string, for tests that run main(argv, io) without spawning the bin.

import { Readable } from 'node:stream';
import type { CliIo } from '../src/io.js';
import { main } from '../src/cli/main.js';

export interface MemoryRun {
  stdout: string;
  stderr: string;
  status: number;
}

export async function runMain(argv: string[], options: { cwd?: string; stdin?: string } = {}): Promise<MemoryRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from([Buffer.from(options.stdin ?? '')]),
    env: { NO_COLOR: '1' },
    cwd: options.cwd ?? process.cwd(),
  };
  // check resolves its paths against the process's directory, as the bin does.
  const previous = process.cwd();
  process.chdir(io.cwd);
  try {
    const status = await main(argv, io);
    return { stdout, stderr, status };
  } finally {
    process.chdir(previous);
  }
}
