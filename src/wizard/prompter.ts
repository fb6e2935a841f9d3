// The only module that talks to inquirer. Every prompt of the wizard goes
// through this small interface, so flows can be driven by tests on virtual
// streams (@inquirer/testing) and by a real terminal alike.

import { Writable } from 'node:stream';
import inquirer from 'inquirer';

export interface Choice<T extends string> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  select<T extends string>(message: string, choices: Choice<T>[], defaultValue?: T): Promise<T>;
  input(message: string, options?: { default?: string; validate?: (text: string) => true | string }): Promise<string>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
}

/** Streams the prompts read keys from and render to (a TTY in real use). */
export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Ctrl-C at a prompt: inquirer rejects with ExitPromptError. */
export function isPromptExit(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

/**
 * Each inquirer prompt pipes into its output and ends it when done; a fresh
 * forwarding stream per prompt keeps the real output open for the next one.
 */
function forwardingOutput(target: NodeJS.WritableStream): NodeJS.WritableStream {
  const forward = new Writable({
    write(chunk: Buffer | string, encoding, callback) {
      target.write(typeof chunk === 'string' ? Buffer.from(chunk, encoding as BufferEncoding) : chunk);
      callback();
    },
  });
  const tty = target as Partial<{ isTTY: boolean; columns: number; rows: number }>;
  for (const key of ['isTTY', 'columns', 'rows'] as const) Object.defineProperty(forward, key, { get: () => tty[key] });
  return forward;
}

export function inquirerPrompter(streams: PromptStreams): Prompter {
  // inquirer's question types are a deep union; the wizard only uses three shapes.
  type PromptModule = (questions: Record<string, unknown>[]) => Promise<{ value: unknown }>;
  const ask = async <T>(question: Record<string, unknown>): Promise<T> => {
    const options = { input: streams.input, output: forwardingOutput(streams.output) } as Parameters<typeof inquirer.createPromptModule>[0];
    const prompt = inquirer.createPromptModule(options) as unknown as PromptModule;
    return (await prompt([{ name: 'value', ...question }])).value as T;
  };
  return {
    select: (message, choices, defaultValue) => ask({ type: 'select', message, choices, ...(defaultValue !== undefined ? { default: defaultValue } : {}), loop: false }),
    input: (message, options = {}) =>
      ask({
        type: 'input',
        message,
        ...(options.default !== undefined ? { default: options.default } : {}),
        ...(options.validate ? { validate: options.validate } : {}),
      }),
    confirm: (message, defaultValue) => ask({ type: 'confirm', message, default: defaultValue }),
  };
}
