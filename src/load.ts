// Paths (and stdin / --cmd text) to SourceFiles, with every failure kept as
// a problem so the rest of the run goes on.
//
// Speed on a large GitOps tree comes from not decoding what cannot matter: a
// byte-level prefilter keeps a file only when its raw bytes contain a token a
// Thanos invocation or a gossip leftover must contain. Files that only
// declare a Service are remembered by path with their Service documents:
// once the Thanos workloads are known, the ones whose Services name one of
// their pod labels are read again (a Service selecting a sidecar need not
// say "thanos").

import { isAbsolute, normalize, relative, resolve } from 'node:path';
import type { SourceFile, SourceKind } from './model.js';
import type { InputProblem } from './plan.js';
import { decodeSource } from './sources/read.js';
import { detectKind, looksLikeManifestStream } from './sources/detect.js';
import { readBytes, type ServiceCandidate } from './sources/scan.js';
import { shardInputs, type ShardResult } from './sources/shards.js';
import { readShards, type ReaderHelper } from './sources/scan-pool.js';
import type { ExcludeRule } from './suppress/exclude.js';
import { cmdTooLarge, readStdinSource } from './sources/stdin.js';
import { append } from './lists.js';

export interface LoadedSources {
  files: SourceFile[];
  problems: InputProblem[];
  /** Files rejected by the prefilter that declare a Service, for the second pass. */
  serviceCandidates: ServiceCandidate[];
}

/** Files read so far, and the candidates among them (kept for analysis). */
export interface ReadProgress {
  scanned: number;
  candidates: number;
}

export interface LoadOptions {
  /** Skip files whose bytes hold no Thanos or gossip token (default true). */
  prefilter?: boolean;
  /** The directory relative paths are read from (default: the process's). */
  cwd?: string;
  /** What the inputs' directories hold that is not read; a path named as an input always is. */
  exclude?: readonly ExcludeRule[];
  /** Told, as reading goes on, how many files were read and how many of them kept. */
  onProgress?: (counts: ReadProgress) => void;
  /**
   * Given each file kept, on this thread, as soon as it is read: work on the
   * files in hand overlaps the other reader's reading of the rest.
   */
  onFile?: (file: SourceFile) => void;
  /** An idle thread that reads with this one from the start (the check thread's parent), instead of one started later. */
  readerHelper?: ReaderHelper;
}

/**
 * A path as reports, diffs and SD files name it: relative to `cwd` (as the
 * user typed it, normalised) or absolute as given. Reading always goes
 * through `resolve(cwd, shown)`, so an in-process run reads the tree it was
 * given, whatever directory the process sits in.
 */
export function shownPath(path: string, cwd: string): string {
  return isAbsolute(path) ? resolve(path) : relative(cwd, resolve(cwd, path)) || '.';
}

/** Directory shards for the reader threads: enough that two share the work evenly. */
const SHARDS_WANTED = 64;

export async function loadSources(paths: string[], options: LoadOptions = {}): Promise<LoadedSources> {
  const prefilter = options.prefilter ?? true;
  const cwd = options.cwd ?? process.cwd();
  const loaded: LoadedSources = { files: [], problems: [], serviceCandidates: [] };
  // The walk runs on the real location; what it finds is named under the path the user gave.
  const inputs = paths.map((input) => {
    const shown = shownPath(input, cwd);
    return { shown, readFrom: resolve(cwd, shown) };
  });
  const counts = { scanned: 0, candidates: 0 };
  const onRead = ({ outcomes, passedOver }: ShardResult) => {
    counts.scanned += outcomes.length + passedOver;
    for (const outcome of outcomes) {
      if (outcome.kind !== 'file') continue;
      counts.candidates++;
      options.onFile?.(outcome.file);
    }
    options.onProgress?.({ ...counts });
  };
  const results = await readShards(shardInputs(inputs, options.exclude ?? [], SHARDS_WANTED), prefilter, onRead, options.readerHelper);
  for (const { skipped } of results) {
    for (const entry of skipped) loaded.problems.push({ path: entry.path, message: entry.skipReason!, isSkip: entry.isSkip === true });
  }
  for (const { outcomes } of results) {
    for (const outcome of outcomes) {
      if (outcome.kind === 'file') loaded.files.push(outcome.file);
      else if (outcome.kind === 'problem') loaded.problems.push({ path: outcome.path, message: outcome.message, isSkip: outcome.isSkip });
      else if (outcome.kind === 'service-candidate') loaded.serviceCandidates.push(outcome.documents ? { path: outcome.path, documents: outcome.documents } : { path: outcome.path });
    }
  }
  return loaded;
}

/**
 * What the second pass reads of the Service files the prefilter set aside:
 * those that name one of `labelValues`, and those at `paths` (normalised)
 * whatever they hold.
 */
export interface SecondPass {
  labelValues: string[];
  paths: string[];
}

/** The second pass: Service files whose Service documents name one of `labelValues`, and the files at `paths`. */
export function loadServicesSelecting(candidates: ServiceCandidate[], labelValues: string[], cwd = process.cwd(), paths: readonly string[] = []): SourceFile[] {
  if ((labelValues.length === 0 && paths.length === 0) || candidates.length === 0) return [];
  const needles = labelValues.map((value) => Buffer.from(value));
  const named = new Set(paths);
  const files: SourceFile[] = [];
  for (const { path, documents } of candidates) {
    const isNamed = named.size > 0 && named.has(normalize(path));
    const kept = documents ? Buffer.from(documents.buffer, documents.byteOffset, documents.length) : null;
    if (!isNamed && kept && !needles.some((needle) => kept.includes(needle))) continue;
    let bytes: Buffer;
    try {
      bytes = readBytes(resolve(cwd, path));
    } catch {
      continue;
    }
    if (!isNamed && !needles.some((needle) => bytes.includes(needle))) continue;
    const outcome = decodeSource(path, bytes);
    if (outcome.ok) files.push(outcome.file);
  }
  return files;
}

/**
 * Text given on the command line or stdin. `name` (`--stdin-filename`)
 * picks the carrier as for a file of that name, as eslint and prettier do;
 * without one the content decides: a manifest stream (`kubectl get -o
 * yaml`, `helm template`) is YAML, anything unrecognised a command line.
 */
export function textSource(path: '<stdin>' | '<cmd>', text: string, name?: string): SourceFile {
  const detected = detectKind(name ?? path, text);
  const kind: SourceKind = detected !== 'unknown' ? detected : looksLikeManifestStream(text) ? 'yaml' : 'plain';
  return { path, text, kind };
}

/**
 * `--cmd` text and stdin (when named with `-`) as sources, capped and decoded
 * like files; `stdinName` (`--stdin-filename`) reads stdin as a file of that name.
 */
export async function loadTextInputs(cmd: string | undefined, stdin: NodeJS.ReadableStream | null, stdinName?: string): Promise<Omit<LoadedSources, 'serviceCandidates'>> {
  const loaded: Omit<LoadedSources, 'serviceCandidates'> = { files: [], problems: [] };
  if (cmd !== undefined) {
    const refusal = cmdTooLarge(cmd);
    if (refusal === null) loaded.files.push(textSource('<cmd>', cmd));
    else loaded.problems.push({ path: '<cmd>', message: refusal, isSkip: false });
  }
  if (stdin !== null) {
    const read = await readStdinSource(stdin);
    if (read.ok) loaded.files.push(textSource('<stdin>', read.file.text, stdinName));
    else loaded.problems.push({ path: read.path, message: read.reason, isSkip: false });
  }
  return loaded;
}

/**
 * Everything a run reads for `paths`: the prefiltered files, then the
 * Services that select the Thanos workloads among them (`secondPass`: their
 * pod label values, or those and files to read whatever they hold).
 */
export async function loadDeployment(paths: string[], secondPass: (files: SourceFile[]) => string[] | SecondPass, options: LoadOptions = {}): Promise<LoadedSources> {
  const loaded = await loadSources(paths, options);
  const wanted = secondPass(loaded.files);
  const { labelValues, paths: named } = Array.isArray(wanted) ? { labelValues: wanted, paths: [] } : wanted;
  append(loaded.files, loadServicesSelecting(loaded.serviceCandidates, labelValues, options.cwd, named));
  return loaded;
}
