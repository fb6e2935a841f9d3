// `check`: options and config file -> runCheck -> one reporter per --format,
// to stdout or --output-file, and the exit-code contract.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { paletteFor, PLAIN } from '../output/colors.js';
import { writeFileAtomic } from '../write/atomic.js';
import { runCheckIsolated } from '../check-worker.js';
import { REPORTERS, isFormat, type Format } from '../output/reporters/index.js';
import { findConfigFile, parseConfigFile, type ConfigFile } from '../suppress/config.js';
import { NEWEST_KNOWN } from '../thanos/flags.js';
import type { Severity } from '../model.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';
import type { CliIo } from './io.js';
import { migrationOptions, type RawOptions } from './options.js';
import { UsageError } from './usage-error.js';
import { toolVersion } from './version.js';

interface RawCheckOptions extends RawOptions {
  format?: string[] | string;
  outputFile?: string[];
  failOn?: Severity;
  maxWarnings?: string | number;
  config?: string | false;
  listRules?: boolean;
  explain?: string;
}

function loadConfig(raw: RawCheckOptions, cwd: string): ConfigFile | null {
  if (raw.config === false) return null;
  const path = typeof raw.config === 'string' ? resolve(cwd, raw.config) : findConfigFile(cwd);
  if (path === null) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read config ${path}: ${(error as Error).message}`);
  }
  const parsed = parseConfigFile(path, text);
  if ('error' in parsed) throw new UsageError(`${path}:${parsed.line}: ${parsed.error}`);
  return parsed;
}

async function listRules(): Promise<string> {
  const { ALL_RULES: RULES } = await import('../rules/index.js');
  const width = Math.max(...RULES.map((rule) => rule.id.length));
  return `${RULES.map((rule) => `${rule.id.padEnd(width)}  ${rule.meta.severity.padEnd(7)}  ${rule.meta.fixable ? 'fixable' : 'manual '}  ${rule.meta.description}`).join('\n')}\n`;
}

async function explain(id: string): Promise<string> {
  const { ALL_RULES: RULES } = await import('../rules/index.js');
  const rule = RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new UsageError(`no rule ${id}; see check --list-rules`);
  return `${rule.id} (${rule.meta.severity}, ${rule.meta.fixable ? 'fixed by migrate' : 'needs a human'})\n\n${rule.meta.description}\n\n${rule.meta.explanation}\n`;
}

export async function runCheckCommand(paths: string[], given: RawCheckOptions, io: CliIo, isFromCli: (name: string) => boolean): Promise<number> {
  if (given.listRules) {
    io.stdout.write(await listRules());
    return EXIT.clean;
  }
  if (given.explain !== undefined) {
    io.stdout.write(await explain(given.explain));
    return EXIT.clean;
  }
  const config = loadConfig(given, io.cwd);
  // Config options are defaults; flags on the command line win.
  const raw: RawCheckOptions = { ...given };
  for (const [name, value] of Object.entries(config?.options ?? {})) {
    if (!isFromCli(name)) (raw as Record<string, unknown>)[name] = value;
  }
  const formats = (Array.isArray(raw.format) ? raw.format : raw.format ? [raw.format] : ['stylish']) as string[];
  for (const format of formats) if (!isFormat(format)) throw new UsageError(`--format ${format}: expected one of ${Object.keys(REPORTERS).join(', ')}`);
  const outputFiles = raw.outputFile ?? [];
  if (outputFiles.length > formats.length) throw new UsageError('more --output-file than --format');
  if (formats.length - outputFiles.length > 1) throw new UsageError('only one --format can go to stdout: give the others an --output-file');
  const maxWarnings = raw.maxWarnings === undefined ? -1 : Number(raw.maxWarnings);
  if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings ${raw.maxWarnings}: expected a whole number`);
  const failOn = raw.failOn ?? 'error';
  if (!['error', 'warning', 'info'].includes(failOn)) throw new UsageError(`--fail-on ${failOn}: expected error, warning or info`);

  const options = { ...migrationOptions(raw, NEWEST_KNOWN), failOn, maxWarnings, showSecrets: Boolean(raw.showSecrets) };
  const result = await runCheckIsolated(paths.length > 0 ? paths : ['.'], options, config, io.cwd);
  const version = toolVersion();

  for (const [index, format] of (formats as Format[]).entries()) {
    const target = outputFiles[index];
    const palette = target === undefined ? paletteFor(io.stdout, io.env) : PLAIN;
    const text = REPORTERS[format]({ findings: result.findings, rules: result.rules, problems: result.problems, toolVersion: version, palette });
    if (target === undefined) io.stdout.write(text);
    else await writeFileAtomic(resolve(io.cwd, target), text);
  }
  for (const unused of result.unusedSuppressions) io.stderr.write(`${unused.path}:${unused.line}: warning: ${unused.message}\n`);
  return exitCodeFor({ kind: 'read', hasInputErrors: result.hasInputErrors, isPending: result.isFailing });
}
