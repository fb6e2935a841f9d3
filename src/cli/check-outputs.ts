// Where `check` writes each report: `--format NAME[=PATH]` (repeatable),
// and `-o PATH` / `--output-file PATH` for the one format of a
// single-format run. A format without a path goes to stdout; at most one
// may. `--output-file` once paired with `--format` by position, which let a
// SARIF file end up holding stylish text; a path now always sits with its
// format, and `--output-file` is kept as the long form of `-o`.

import { type Format, FORMATS, isFormat, UsageError } from '../index.js';

export interface OutputTarget {
  format: Format;
  /** Absent: stdout. */
  path?: string;
}

function parseTarget(value: string): OutputTarget {
  const eq = value.indexOf('=');
  const name = eq === -1 ? value : value.slice(0, eq);
  const path = eq === -1 ? undefined : value.slice(eq + 1);
  if (!isFormat(name)) throw new UsageError(`--format ${value}: expected one of ${FORMATS.join(', ')}, optionally =PATH`);
  if (path === '') throw new UsageError(`--format ${value}: the path after = is empty`);
  return path === undefined ? { format: name } : { format: name, path };
}

/** `formats` from --format (or the config's `format`), `outputFile` from -o. */
export function outputTargets(formats: readonly string[] | string | undefined, outputFile: string | undefined): OutputTarget[] {
  const given = formats === undefined ? [] : typeof formats === 'string' ? [formats] : formats;
  const targets = (given.length > 0 ? given : ['stylish']).map(parseTarget);
  if (outputFile !== undefined) {
    if (targets.length !== 1) throw new UsageError(`-o/--output-file names the file of the only --format; with several, give each its own: --format NAME=PATH`);
    if (targets[0]!.path !== undefined) throw new UsageError(`-o ${outputFile}: --format ${targets[0]!.format} already names its file`);
    targets[0] = { ...targets[0]!, path: outputFile };
  }
  const toStdout = targets.filter((target) => target.path === undefined);
  if (toStdout.length > 1) throw new UsageError(`only one --format can go to stdout (${toStdout.map((t) => t.format).join(', ')}): give the others a file, --format NAME=PATH`);
  const paths = targets.flatMap((target) => (target.path === undefined ? [] : [target.path]));
  const twice = paths.find((path, index) => paths.indexOf(path) !== index);
  if (twice !== undefined) throw new UsageError(`two formats write to ${twice}`);
  return targets;
}
