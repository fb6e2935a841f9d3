// One settings model for migrate, check and the wizard: the config file
// (`--config`, or `.thanos-gossip-migrate.yaml` found upward from the working
// directory, unless `--no-config`) gives defaults, the command line wins;
// both give the same exclude globs, rule settings and suppressions to all
// three commands, so `check` judges what `migrate` wrote by the same rules.

import {
  type CheckScope,
  type CliIo,
  type ConfigFile,
  type ExcludeRule,
  findConfigFile,
  parseConfigFile,
  type RawOptions,
  readRegularFile,
  RULE_SETTINGS,
  type RuleSetting,
  UsageError,
} from '../index.js';
import { dirname, resolve } from 'node:path';

/** The options every command takes for its config, excludes and rules. */
export interface RawSettingOptions {
  config?: string | false;
  exclude?: string[];
  rule?: string[];
  ignoreRule?: string[];
}

export interface Settings<T> {
  /** The command-line options with the config's `options:` filled in where the command line gave none. */
  raw: T;
  /** The config's `options:` alone (the wizard ranks them below a replayed answers file). */
  configOptions: Record<string, unknown>;
  config: ConfigFile | null;
  scope: CheckScope;
}

export function loadConfig(option: string | false | undefined, cwd: string): ConfigFile | null {
  if (option === false) return null;
  const path = typeof option === 'string' ? resolve(cwd, option) : findConfigFile(cwd);
  if (path === null) return null;
  let text: string;
  try {
    // A regular file only: a FIFO or a device named as the config would hang or never end.
    const read = readRegularFile(path);
    if ('notRead' in read) throw new Error(read.notRead);
    text = read.bytes.toString('utf8');
  } catch (error) {
    throw new UsageError(`cannot read config ${path}: ${(error as Error).message}`);
  }
  const parsed = parseConfigFile(path, text);
  if ('error' in parsed) throw new UsageError(`${path}:${parsed.line}: ${parsed.error}`);
  return parsed;
}

/** `ID=SETTING` of --rule, or ID of --ignore-rule (off). */
function ruleArgument(value: string, option: '--rule' | '--ignore-rule'): [string, RuleSetting] {
  if (option === '--ignore-rule') return [value, 'off'];
  const match = /^([^=\s]+)=(\S+)$/.exec(value);
  if (!match || !(RULE_SETTINGS as readonly string[]).includes(match[2]!)) {
    throw new UsageError(`--rule ${value}: expected RULE=${RULE_SETTINGS.join('|')}`);
  }
  return [match[1]!, match[2] as RuleSetting];
}

async function ruleSettings(config: ConfigFile | null, raw: RawSettingOptions): Promise<Record<string, RuleSetting>> {
  const given = [
    ...(config?.rules ?? []).map((rule) => ({ id: rule.id, setting: rule.setting, where: `${config!.path}:${rule.line}: rules.${rule.id}` })),
    ...(raw.rule ?? []).map((value) => ({ ...idAndSetting(ruleArgument(value, '--rule')), where: `--rule ${value}` })),
    ...(raw.ignoreRule ?? []).map((value) => ({ ...idAndSetting(ruleArgument(value, '--ignore-rule')), where: `--ignore-rule ${value}` })),
  ];
  if (given.length === 0) return {};
  // Loaded only when rules are named: check's main thread otherwise loads no rule module.
  const { ruleById } = await import('../rules/index.js');
  const settings: Record<string, RuleSetting> = {};
  for (const { id, setting, where } of given) {
    if (!ruleById(id)) throw new UsageError(`${where}: no rule ${id}; see check --list-rules`);
    settings[id] = setting;
  }
  return settings;
}

const idAndSetting = ([id, setting]: [string, RuleSetting]) => ({ id, setting });

/**
 * The settings of one run. `isFromCommandLine(name)` says whether the user
 * gave option `name` (commander's value source), so a config value never
 * overrides a flag.
 */
export async function resolveSettings<T extends RawOptions & RawSettingOptions>(given: T, io: CliIo, isFromCommandLine: (name: string) => boolean): Promise<Settings<T>> {
  const config = loadConfig(given.config, io.cwd);
  const raw = { ...given } as T;
  const configOptions = config?.options ?? {};
  for (const [name, value] of Object.entries(configOptions)) {
    if (!isFromCommandLine(name)) (raw as Record<string, unknown>)[name] = value;
  }
  const exclude: ExcludeRule[] = [
    ...(config?.exclude ?? []).map((glob) => ({ glob, base: dirname(config!.path) })),
    ...(given.exclude ?? []).map((glob) => ({ glob, base: resolve(io.cwd) })),
  ];
  const rules = await ruleSettings(config, given);
  return { raw, configOptions, config, scope: { cwd: io.cwd, exclude, policy: { rules, config, cwd: io.cwd } } };
}
