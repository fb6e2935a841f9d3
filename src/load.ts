// Paths (and stdin / --cmd text) to SourceFiles, with every failure kept as
// a problem so the rest of the run goes on.
//
// Speed on a large GitOps tree comes from not decoding what cannot matter: a
// byte-level prefilter keeps a file only when its raw bytes contain a token a
// Thanos invocation or a gossip leftover must contain. Files that only
// mention `Service` are remembered by path, not kept: once the Thanos
// workloads are known, the ones that name one of their pod labels are read
// again (a Service selecting a sidecar need not say "thanos").

import { isAbsolute, join, relative, resolve } from 'node:path';
import type { SourceFile, SourceKind } from './model.js';
import type { InputProblem } from './plan.js';
import { decodeSource } from './sources/read.js';
import { detectKind, looksLikeManifestStream } from './sources/detect.js';
import { readAndScan, readBytes } from './sources/scan.js';
import { discoverFiles } from './sources/discover.js';
import { isExcluded, type ExcludeRule } from './suppress/exclude.js';
import { cmdTooLarge, readStdinSource } from './sources/stdin.js';

export interface LoadedSources {
  files: SourceFile[];
  problems: InputProblem[];
  /** Files rejected by the prefilter that declare a Service, for the second pass. */
  serviceCandidates: string[];
}

export interface LoadOptions {
  /** Skip files whose bytes hold no Thanos or gossip token (default true). */
  prefilter?: boolean;
  /** The directory relative paths are read from (default: the process's). */
  cwd?: string;
  /** What the inputs' directories hold that is not read; a path named as an input always is. */
  exclude?: readonly ExcludeRule[];
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

export async function loadSources(paths: string[], options: LoadOptions = {}): Promise<LoadedSources> {
  const prefilter = options.prefilter ?? true;
  const cwd = options.cwd ?? process.cwd();
  const loaded: LoadedSources = { files: [], problems: [], serviceCandidates: [] };
  const readable: string[] = [];
  const exclude = options.exclude ?? [];
  const isPruned = exclude.length === 0 ? undefined : (path: string) => isExcluded(path, exclude);
  for (const input of paths) {
    const shown = shownPath(input, cwd);
    const root = resolve(cwd, shown);
    // The walk runs on the real location; what it finds is named under the path the user gave.
    for (const entry of await discoverFiles([root], isPruned)) {
      const path = entry.path === root ? shown : join(shown, relative(root, entry.path));
      if (entry.skipReason) loaded.problems.push({ path, message: entry.skipReason, isSkip: entry.isSkip === true });
      else readable.push(path);
    }
  }
  for (const path of readable) {
    const outcome = readAndScan(path, prefilter, resolve(cwd, path));
    if (outcome.kind === 'file') loaded.files.push(outcome.file);
    else if (outcome.kind === 'problem') loaded.problems.push({ path: outcome.path, message: outcome.message, isSkip: outcome.isSkip });
    else if (outcome.kind === 'service-candidate') loaded.serviceCandidates.push(outcome.path);
  }
  return loaded;
}

/** The second pass: Service files that name one of `labelValues`. */
export function loadServicesSelecting(paths: string[], labelValues: string[], cwd = process.cwd()): SourceFile[] {
  if (labelValues.length === 0 || paths.length === 0) return [];
  const needles = labelValues.map((value) => Buffer.from(value));
  const files: SourceFile[] = [];
  for (const path of paths) {
    let bytes: Buffer;
    try {
      bytes = readBytes(resolve(cwd, path));
    } catch {
      continue;
    }
    if (!needles.some((needle) => bytes.includes(needle))) continue;
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
 * Services that select the Thanos workloads among them.
 */
export async function loadDeployment(paths: string[], podLabelValues: (files: SourceFile[]) => string[], options: LoadOptions = {}): Promise<LoadedSources> {
  const loaded = await loadSources(paths, options);
  loaded.files.push(...loadServicesSelecting(loaded.serviceCandidates, podLabelValues(loaded.files), options.cwd));
  return loaded;
}
