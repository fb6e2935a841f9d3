// Colour is a property of the stream, decided once in the CLI: only on a TTY,
// never with NO_COLOR. Reporters receive a palette and never ask themselves.

import { Chalk } from 'chalk';

export interface Palette {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export function paletteFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Palette {
  const wantsColor = Boolean(stream.isTTY) && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
  const chalk = new Chalk({ level: wantsColor ? 1 : 0 });
  return {
    red: (t) => chalk.red(t),
    green: (t) => chalk.green(t),
    yellow: (t) => chalk.yellow(t),
    cyan: (t) => chalk.cyan(t),
    dim: (t) => chalk.dim(t),
    bold: (t) => chalk.bold(t),
  };
}

export const PLAIN: Palette = { red: (t) => t, green: (t) => t, yellow: (t) => t, cyan: (t) => t, dim: (t) => t, bold: (t) => t };
