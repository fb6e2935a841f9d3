// Runs the CLI in this process, as the bin would: `main(argv, io)` with
// `io.cwd` as its working directory (the process stays where it is), the
// streams captured, stdin from a string, a Buffer or a stream.

import { Readable } from 'node:stream';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/io.js';

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runMain(argv: string[], options: { cwd: string; stdin?: string | Buffer | Readable; env?: NodeJS.ProcessEnv }): Promise<MainResult> {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = options.stdin instanceof Readable ? options.stdin : Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
  const io: CliIo = {
    cwd: options.cwd,
    env: { NO_COLOR: '1', ...options.env },
    stdin,
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
  };
  const code = await main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}
