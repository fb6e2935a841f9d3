// Colour is a property of the stream, decided once in the CLI (wantsColor).
// Reporters receive a palette and never ask themselves.

import { Chalk } from 'chalk';

export interface Palette {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/**
 * Whether to colour a stream: `--color`/`--no-color` decide when given; then
 * never with NO_COLOR (no-color.org: set and not empty); then FORCE_COLOR
 * forces it (except `0` and `false`, which turn it off); then only on a
 * terminal that is not `TERM=dumb`.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function paletteFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, flag?: boolean): Palette {
  const chalk = new Chalk({ level: wantsColor(stream, env, flag) ? 1 : 0 });
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
