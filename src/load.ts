// Paths (and stdin / --cmd text) to SourceFiles, with every failure kept as
// a problem so the rest of the run goes on.
//
// Speed on a large GitOps tree comes from not decoding what cannot matter: a
// byte-level prefilter keeps a file only when its raw bytes contain a token a
// Thanos invocation or a gossip leftover must contain. Files that only
// mention `Service` are remembered by path, not kept: once the Thanos
// workloads are known, the ones that name one of their pod labels are read
// again (a Service selecting a sidecar need not say "thanos").

import { readFile } from 'node:fs/promises';
import type { SourceFile, SourceKind } from './model.js';
import type { InputProblem } from './engine.js';
import { discoverFiles } from './sources/discover.js';
import { decodeSource } from './sources/read.js';
import { detectKind } from './sources/detect.js';

export interface LoadedSources {
  files: SourceFile[];
  problems: InputProblem[];
  /** Files rejected by the prefilter that declare a Service, for the second pass. */
  serviceCandidates: string[];
}

export interface LoadOptions {
  /** Skip files whose bytes hold no Thanos or gossip token (default true). */
  prefilter?: boolean;
}

const TOKENS = ['thanos', 'Thanos', 'THANOS', '--cluster.', '10900', 'peers', 'advertise-address', 'sd-files', 'sd-config'].map((token) => Buffer.from(token));
const SERVICE = Buffer.from('Service');
const READ_CONCURRENCY = 32;

export function mayHoldThanos(bytes: Buffer): boolean {
  return TOKENS.some((token) => bytes.includes(token));
}

/** Run `task` over `items` with at most `limit` in flight, keeping order of results. */
async function mapLimited<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

type ReadResult =
  | { kind: 'file'; file: SourceFile }
  | { kind: 'problem'; problem: InputProblem }
  | { kind: 'service-candidate'; path: string }
  | { kind: 'skipped' };

async function readOne(path: string, prefilter: boolean): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { kind: 'problem', problem: { path, message: `cannot read: ${(error as Error).message}`, isSkip: false } };
  }
  if (prefilter && !mayHoldThanos(bytes)) return bytes.includes(SERVICE) ? { kind: 'service-candidate', path } : { kind: 'skipped' };
  const outcome = decodeSource(path, bytes);
  if (outcome.ok) return { kind: 'file', file: outcome.file };
  return { kind: 'problem', problem: { path, message: outcome.reason, isSkip: outcome.isSkip } };
}

export async function loadSources(paths: string[], options: LoadOptions = {}): Promise<LoadedSources> {
  const prefilter = options.prefilter ?? true;
  const loaded: LoadedSources = { files: [], problems: [], serviceCandidates: [] };
  const found = await discoverFiles(paths);
  const readable: string[] = [];
  for (const entry of found) {
    if (entry.skipReason) loaded.problems.push({ path: entry.path, message: entry.skipReason, isSkip: entry.skipReason.startsWith('symbolic link') });
    else readable.push(entry.path);
  }
  for (const result of await mapLimited(readable, READ_CONCURRENCY, (path) => readOne(path, prefilter))) {
    if (result.kind === 'file') loaded.files.push(result.file);
    else if (result.kind === 'problem') loaded.problems.push(result.problem);
    else if (result.kind === 'service-candidate') loaded.serviceCandidates.push(result.path);
  }
  return loaded;
}

/** The second pass: Service files that name one of `labelValues`. */
export async function loadServicesSelecting(paths: string[], labelValues: string[]): Promise<SourceFile[]> {
  if (labelValues.length === 0 || paths.length === 0) return [];
  const needles = labelValues.map((value) => Buffer.from(value));
  const results = await mapLimited(paths, READ_CONCURRENCY, async (path) => {
    const bytes = await readFile(path).catch(() => null);
    if (!bytes || !needles.some((needle) => bytes.includes(needle))) return null;
    const outcome = decodeSource(path, bytes);
    return outcome.ok ? outcome.file : null;
  });
  return results.filter((file): file is SourceFile => file !== null);
}

/** Text given on the command line or stdin: a command line unless its content says otherwise. */
export function textSource(path: '<stdin>' | '<cmd>', text: string): SourceFile {
  const detected = detectKind(path, text);
  const kind: SourceKind = detected === 'unknown' ? 'plain' : detected;
  return { path, text, kind };
}

/**
 * Everything a run reads for `paths`: the prefiltered files, then the
 * Services that select the Thanos workloads among them.
 */
export async function loadDeployment(paths: string[], podLabelValues: (files: SourceFile[]) => string[], options: LoadOptions = {}): Promise<LoadedSources> {
  const loaded = await loadSources(paths, options);
  loaded.files.push(...(await loadServicesSelecting(loaded.serviceCandidates, podLabelValues(loaded.files))));
  return loaded;
}
