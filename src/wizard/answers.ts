// A wizard session's answers, keyed by the `migrate` option that carries
// each one. `--save-answers` writes this object; `--answers` reads it back so
// a replay asks only what the file lacks. `null` records "the default".

import { readFile } from 'node:fs/promises';
import { type RawOptions, UsageError } from '../index.js';

export interface WizardAnswers {
  'keep-gossip'?: boolean;
  'thanos-version'?: string | null;
  namespace?: string;
  'store-endpoint'?: string[];
  'query-endpoint'?: string[];
  'mesh-complete'?: string[];
  'sd-format'?: 'yaml' | 'json';
  'sd-path'?: string | null;
  leftovers?: 'remove' | 'report';
  'k8s-dns'?: 'pod' | 'srv';
  /** Review decisions, by file path as shown in the diffs. */
  files?: Record<string, 'accept' | 'skip'>;
  /** The final confirmation. */
  write?: boolean;
}

export type AnswerKey = Exclude<keyof WizardAnswers, 'files' | 'write'>;

const STRING_LISTS = new Set(['store-endpoint', 'query-endpoint', 'mesh-complete']);
const CHOICES: Record<string, readonly unknown[]> = {
  'keep-gossip': [true, false],
  'sd-format': ['yaml', 'json'],
  leftovers: ['remove', 'report'],
  'k8s-dns': ['pod', 'srv'],
  write: [true, false],
};
const NULLABLE = new Set(['thanos-version', 'sd-path']);
const KNOWN = new Set(['keep-gossip', 'thanos-version', 'namespace', 'store-endpoint', 'query-endpoint', 'mesh-complete', 'sd-format', 'sd-path', 'leftovers', 'k8s-dns', 'files', 'write', 'version']);

/** Checks the shape of an answers file; values are validated again as options. */
export function parseAnswers(text: string, source: string): WizardAnswers {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--answers ${source}: not JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`--answers ${source}: expected a JSON object`);
  const record = data as Record<string, unknown>;
  const bad = (key: string, expected: string) => new UsageError(`--answers ${source}: "${key}" must be ${expected}`);
  for (const [key, value] of Object.entries(record)) {
    if (!KNOWN.has(key)) throw new UsageError(`--answers ${source}: unknown key "${key}"`);
    if (key === 'version') continue;
    if (value === null && NULLABLE.has(key)) continue;
    if (STRING_LISTS.has(key)) {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw bad(key, 'a list of strings');
    } else if (key === 'files') {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((d) => d === 'accept' || d === 'skip')) {
        throw bad(key, 'an object mapping paths to "accept" or "skip"');
      }
    } else if (CHOICES[key]) {
      if (!CHOICES[key]!.includes(value)) throw bad(key, CHOICES[key]!.map((c) => JSON.stringify(c)).join(' or '));
    } else if (typeof value !== 'string') throw bad(key, 'a string');
  }
  const { version: _version, ...answers } = record;
  return answers as WizardAnswers;
}

export async function loadAnswers(path: string): Promise<WizardAnswers> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--answers ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseAnswers(text, path);
}

export function serializeAnswers(answers: WizardAnswers): string {
  return `${JSON.stringify({ version: 1, ...answers }, null, 2)}\n`;
}

/** The options `migrate` would be given for these answers. */
export function answersToRaw(answers: WizardAnswers): RawOptions {
  const raw: RawOptions = {};
  if (answers['keep-gossip']) raw.keepGossip = true;
  if (answers['thanos-version']) raw.thanosVersion = answers['thanos-version'];
  if (answers.namespace) raw.namespace = answers.namespace;
  if (answers['store-endpoint']?.length) raw.storeEndpoint = answers['store-endpoint'];
  if (answers['query-endpoint']?.length) raw.queryEndpoint = answers['query-endpoint'];
  if (answers['mesh-complete']?.length) raw.meshComplete = answers['mesh-complete'];
  if (answers['sd-format']) raw.sdFormat = answers['sd-format'];
  if (answers['sd-path']) raw.sdPath = answers['sd-path'];
  if (answers.leftovers) raw.leftovers = answers.leftovers;
  if (answers['k8s-dns']) raw.k8sDns = answers['k8s-dns'];
  return raw;
}

/** Answers given as wizard command-line options (they win over an answers file). */
export function answersFromOptions(options: Record<string, unknown>): WizardAnswers {
  const answers: WizardAnswers = {};
  const string = (key: string) => (typeof options[key] === 'string' ? (options[key] as string) : undefined);
  if (options.keepGossip === true) answers['keep-gossip'] = true;
  const version = string('thanosVersion');
  if (version !== undefined) answers['thanos-version'] = version;
  const namespace = string('namespace');
  if (namespace !== undefined) answers.namespace = namespace;
  if (Array.isArray(options.storeEndpoint)) answers['store-endpoint'] = options.storeEndpoint as string[];
  if (Array.isArray(options.queryEndpoint)) answers['query-endpoint'] = options.queryEndpoint as string[];
  if (Array.isArray(options.meshComplete)) answers['mesh-complete'] = options.meshComplete as string[];
  const format = string('sdFormat');
  if (format === 'yaml' || format === 'json') answers['sd-format'] = format;
  const sdPath = string('sdPath');
  if (sdPath !== undefined) answers['sd-path'] = sdPath;
  const leftovers = string('leftovers');
  if (leftovers === 'remove' || leftovers === 'report') answers.leftovers = leftovers;
  const dns = string('k8sDns');
  if (dns === 'pod' || dns === 'srv') answers['k8s-dns'] = dns;
  return answers;
}
