export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Run check's analysis on this thread, not in its worker (tests: each worker loads every module again, ~300 ms). */
  checkOnThisThread?: boolean;
}
