// `.thanos-gossip-migrate.yaml`: the one config file of migrate, check and
// the wizard: option defaults, paths not read, rule severities, and ignore
// entries (suppressions by path).

import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readYamlData, deref, offsetOf, isNullNode, isNullScalar, isStringScalar, type DataNode } from '../text/yaml-data.js';
import type { YNode } from '../text/yaml-tree.js';
import { lineColumnAt } from '../argv/text-lines.js';
import { globSegments, matchesSegments } from '../sources/glob.js';

export interface ConfigIgnore {
  paths: string[];
  /** Empty: every rule. */
  rules: string[];
  reason?: string;
  /** 1-based line of the entry in the config file (for "unused" reports). */
  line?: number;
}

/** What a rule's findings become: dropped (`off`) or reported at this severity. */
export type RuleSetting = 'off' | 'error' | 'warning' | 'info';

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'info'];

export interface ConfigRule {
  /** A rule id; the config does not know the rules, the caller checks it (with `line`). */
  id: string;
  setting: RuleSetting;
  line: number;
}

export interface ConfigFile {
  path: string;
  ignore: ConfigIgnore[];
  options: Record<string, unknown>;
  /** Globs, relative to the config file's directory, of files and directories never read. */
  exclude: string[];
  rules: ConfigRule[];
}

export const CONFIG_FILE_NAMES = ['.thanos-gossip-migrate.yaml', '.thanos-gossip-migrate.yml'] as const;

/**
 * Find `.thanos-gossip-migrate.yaml` (or .yml) in `startDir` or the nearest
 * parent, up to the repository's root (the nearest folder holding `.git`) or
 * `home`, whichever comes first; outside both, in `startDir` only. A config
 * in any folder above the repository silently suppressed every finding.
 */
export function findConfigFile(startDir: string, home: string = homedir()): string | null {
  const ancestors: string[] = [];
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    ancestors.push(dir);
    if (dirname(dir) === dir) break;
  }
  const gitRoot = ancestors.findIndex((dir) => existsSync(join(dir, '.git')));
  const homeAt = ancestors.indexOf(resolve(home));
  const bounds = [gitRoot, homeAt].filter((index) => index >= 0);
  const last = bounds.length > 0 ? bounds.reduce((least, index) => Math.min(least, index)) : 0;
  for (const dir of ancestors.slice(0, last + 1)) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not there
      }
    }
  }
  return null;
}

type OptionCheck = (n: DataNode) => { value: unknown } | { error: string };

const stringOption: OptionCheck = (n) =>
  n.kind === 'scalar' && !isNullScalar(n) ? { value: n.value } : { error: 'must be a string' };

const choiceOption =
  (choices: string[]): OptionCheck =>
  (n) =>
    n.kind === 'scalar' && choices.includes(n.value) ? { value: n.value } : { error: `must be one of ${choices.join(', ')}` };

/** Options the config may set, by their camelCase CLI long-option names. */
const OPTIONS: Record<string, OptionCheck> = {
  thanosVersion: stringOption, // scalar text as written, so `0.50` stays "0.50"
  namespace: stringOption,
  sdFormat: choiceOption(['yaml', 'json']),
  leftovers: choiceOption(['remove', 'report']),
  k8sDns: choiceOption(['pod', 'srv']),
  failOn: choiceOption(['error', 'warning', 'info']),
  maxWarnings: (n) =>
    n.kind === 'scalar' && !isStringScalar(n) && /^(?:0|[1-9][0-9]*|-1)$/.test(n.value)
      ? { value: Number(n.value) }
      : { error: 'must be a whole number (-1 for no limit)' },
  format: stringOption,
};

class ConfigError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

function keyName(n: YNode): string {
  const d = deref(n);
  return d.kind === 'scalar' ? d.value : `<${d.kind}>`;
}

function describe(n: YNode): string {
  const d = deref(n);
  if (d.kind === 'seq') return 'a list';
  if (d.kind === 'map') return 'a mapping';
  return isNullScalar(d) ? 'nothing' : `"${d.value}"`;
}

/** Parse and validate a config file. Errors carry the 1-based line they are about. */
export function parseConfigFile(path: string, text: string): ConfigFile | { error: string; line: number } {
  const parsed = readYamlData(text);
  const lines = { text };
  if ('error' in parsed) {
    const line = parsed.error.line ?? lineColumnAt(lines, parsed.error.pos).line;
    return { error: `invalid YAML: ${parsed.error.message}`, line };
  }
  const lineOf = (n: YNode): number => lineColumnAt(lines, offsetOf(n)).line;
  const config: ConfigFile = { path, ignore: [], options: {}, exclude: [], rules: [] };
  try {
    if (parsed.root === null) return config;
    const root = deref(parsed.root);
    if (root.kind !== 'map') throw new ConfigError(`the config must be a mapping (keys: ${TOP_LEVEL_KEYS.join(', ')}), found ${describe(root)}`, lineOf(parsed.root));
    const seen = new Set<string>();
    for (const { key, value } of root.pairs) {
      const name = keyName(key);
      if (seen.has(name)) throw new ConfigError(`duplicate key "${name}"`, lineOf(key));
      seen.add(name);
      if (name === 'ignore') config.ignore = readIgnore(value, lineOf);
      else if (name === 'options') config.options = readOptions(value, lineOf);
      else if (name === 'exclude') config.exclude = isNullNode(value) ? [] : stringList(value, 'exclude', lineOf);
      else if (name === 'rules') config.rules = readRules(value, lineOf);
      else throw new ConfigError(`unknown key "${name}" (allowed: ${TOP_LEVEL_KEYS.join(', ')})`, lineOf(key));
    }
  } catch (e) {
    if (e instanceof ConfigError) return { error: e.message, line: e.line };
    throw e;
  }
  return config;
}

const TOP_LEVEL_KEYS = ['options', 'exclude', 'rules', 'ignore'];

function readRules(n: YNode, lineOf: (n: YNode) => number): ConfigRule[] {
  if (isNullNode(n)) return [];
  const map = deref(n);
  if (map.kind !== 'map') throw new ConfigError(`\`rules\` must be a mapping of rule id to ${RULE_SETTINGS.join(', ')}, found ${describe(n)}`, lineOf(n));
  const rules: ConfigRule[] = [];
  for (const { key, value: node } of map.pairs) {
    const id = keyName(key);
    const value = deref(node);
    if (rules.some((rule) => rule.id === id)) throw new ConfigError(`duplicate rule "${id}"`, lineOf(key));
    // YAML 1.1 readers take a bare `off` for false; this one keeps it as text, and so must the user's other tools.
    if (value.kind !== 'scalar' || !(RULE_SETTINGS as readonly string[]).includes(value.value)) {
      throw new ConfigError(`rules.${id} must be one of ${RULE_SETTINGS.join(', ')}, found ${describe(value)}`, lineOf(isNullNode(value) ? key : node));
    }
    rules.push({ id, setting: value.value as RuleSetting, line: lineOf(key) });
  }
  return rules;
}

function stringList(n: YNode, what: string, lineOf: (n: YNode) => number): string[] {
  const list = deref(n);
  if (list.kind !== 'seq') throw new ConfigError(`\`${what}\` must be a list of strings, found ${describe(n)}`, lineOf(n));
  return list.items.map((node) => {
    const item = deref(node);
    if (item.kind !== 'scalar' || isNullScalar(item) || item.value === '') {
      throw new ConfigError(`\`${what}\` must hold non-empty strings, found ${describe(item)}`, lineOf(item));
    }
    return item.value;
  });
}

function readIgnore(n: YNode, lineOf: (n: YNode) => number): ConfigIgnore[] {
  if (isNullNode(n)) return [];
  const list = deref(n);
  if (list.kind !== 'seq') throw new ConfigError(`\`ignore\` must be a list of entries with \`paths:\`, found ${describe(n)}`, lineOf(n));
  return list.items.map((node, index) => {
    const where = `ignore[${index}]`;
    const item = deref(node);
    if (item.kind !== 'map') throw new ConfigError(`${where} must be a mapping with \`paths:\`, found ${describe(item)}`, lineOf(node));
    const entry: ConfigIgnore = { paths: [], rules: [], line: lineOf(node) };
    let hasPaths = false;
    const seen = new Set<string>();
    for (const { key, value: valueNode } of item.pairs) {
      const value = deref(valueNode);
      const name = keyName(key);
      if (seen.has(name)) throw new ConfigError(`duplicate key "${name}" in ${where}`, lineOf(key));
      seen.add(name);
      if (name === 'paths') {
        entry.paths = stringList(value, `${where}.paths`, lineOf);
        if (entry.paths.length === 0) throw new ConfigError(`\`${where}.paths\` is empty`, lineOf(value));
        hasPaths = true;
      } else if (name === 'rules') {
        entry.rules = stringList(value, `${where}.rules`, lineOf);
      } else if (name === 'reason') {
        if (value.kind !== 'scalar' || isNullScalar(value)) throw new ConfigError(`\`${where}.reason\` must be a string, found ${describe(value)}`, lineOf(valueNode));
        entry.reason = value.value;
      } else {
        throw new ConfigError(`unknown key "${name}" in ${where} (allowed: paths, rules, reason)`, lineOf(key));
      }
    }
    if (!hasPaths) throw new ConfigError(`${where} has no \`paths:\``, lineOf(node));
    return entry;
  });
}

function readOptions(n: YNode, lineOf: (n: YNode) => number): Record<string, unknown> {
  if (isNullNode(n)) return {};
  const map = deref(n);
  if (map.kind !== 'map') throw new ConfigError(`\`options\` must be a mapping, found ${describe(n)}`, lineOf(n));
  const options: Record<string, unknown> = {};
  for (const { key, value } of map.pairs) {
    const name = keyName(key);
    const check = Object.hasOwn(OPTIONS, name) ? OPTIONS[name] : undefined;
    if (!check) throw new ConfigError(`unknown option "${name}" (allowed: ${Object.keys(OPTIONS).join(', ')})`, lineOf(key));
    if (Object.hasOwn(options, name)) throw new ConfigError(`duplicate option "${name}"`, lineOf(key));
    const r = check(deref(value));
    if ('error' in r) throw new ConfigError(`option ${name} ${r.error}, found ${describe(value)}`, lineOf(isNullNode(value) ? key : value));
    options[name] = r.value;
  }
  return options;
}

/**
 * Whether `filePath` (relative to the config dir, forward slashes) matches
 * `glob`: `*` and `?` stay within one path segment, `**` spans segments
 * (`a/**` everything below `a`, `**\/x` `x` at any depth), and a glob that
 * matches a directory covers the files below it. Anchored at the config dir.
 */
export function matchesGlob(filePath: string, glob: string): boolean {
  const names = filePath.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').split('/');
  const g = glob.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  // The trailing `**`: a glob naming a directory also covers what is inside it.
  return matchesSegments([...globSegments(g), '**'], names);
}
