// systemd units: ExecStart with continuations and specifiers, `$VAR`
// expanded from Environment= and the EnvironmentFiles the unit names (or
// whose variables it expands: Ansible renders thanos-sidecar-defaults.j2 to
// /etc/default/thanos-sidecar). A Querier here reads its SD file from
// /etc/thanos, written next to the unit for the user to install.

import { basename, dirname } from 'node:path';
import type { SourceFile } from '../../model.js';
import type { CarrierModule, ReadEnv } from '../module.js';
import type { CarrierReadResult } from '../index.js';
import type { EnvAssignment } from './env-file.js';
import { environmentFilePaths, readSystemdCarriers, referencedVariables, type SystemdLinks } from './read.js';
import { readUnitSlots } from './unit-slots.js';
import { gossipMentions } from '../embedded/index.js';
import { sdPathRead, siblingFileWiring } from '../wiring.js';
import { append, pushTo } from '../../lists.js';

/** Where units read their discovery files unless --sd-path says otherwise. */
export const SYSTEMD_SD_DIR = '/etc/thanos';

/** Names an env file may carry for one EnvironmentFile= path: the file itself or its template. */
function envFileStem(path: string): string {
  return basename(path).replace(/\.(j2|erb|tmpl|tpl|env)$/i, '').replace(/^templates__/, '');
}

/** The folder a path is in, '' for the top. */
function folderOf(path: string): string {
  const folder = dirname(path);
  return folder === '.' ? '' : folder;
}

/** Steps from one folder to another through the deepest folder they share. */
function folderDistance(a: string, b: string): number {
  const left = a === '' ? [] : a.split(/[\\/]+/);
  const right = b === '' ? [] : b.split(/[\\/]+/);
  let shared = 0;
  while (shared < left.length && shared < right.length && left[shared] === right[shared]) shared++;
  return left.length - shared + (right.length - shared);
}

/** Candidates by the folder each is in. */
function byFolder<T extends { file: SourceFile }>(candidates: readonly T[]): Map<string, T[]> {
  const inFolder = new Map<string, T[]>();
  for (const candidate of candidates) pushTo(inFolder, folderOf(candidate.file.path), candidate);
  return inFolder;
}

/**
 * The candidates nearest the unit: those in its own folder, else those the
 * fewest folder steps away, in input order. A repository of host folders
 * (hosts/h4/thanos-sidecar.service beside hosts/h4/thanos-sidecar) has one
 * env file of that name per host, and each unit reads its own, never its
 * neighbour's. Only a unit with none in its own folder is compared with
 * every candidate.
 */
function nearest<T extends { file: SourceFile }>(unit: SourceFile, candidates: readonly T[], inFolder: Map<string, T[]> = byFolder(candidates)): readonly T[] {
  if (candidates.length < 2) return candidates;
  const home = folderOf(unit.path);
  const own = inFolder.get(home);
  if (own) return own;
  let best = Infinity;
  let found: T[] = [];
  for (const candidate of candidates) {
    const distance = folderDistance(home, folderOf(candidate.file.path));
    if (distance < best) [best, found] = [distance, [candidate]];
    else if (distance === best) found.push(candidate);
  }
  return found;
}

/** Whether nearest files are one folder's (one machine's settings, read in input order), not several folders' equally near. */
function isOneFolder(chosen: readonly { file: SourceFile }[]): boolean {
  return chosen.every((candidate) => folderOf(candidate.file.path) === folderOf(chosen[0]!.file.path));
}

/** Env files by the names they may stand for (envFileStem and their own), and each one's place in the input, built once per input. */
interface EnvFileIndex {
  byName: Map<string, ReadEnv['envFiles']>;
  /** Per name, the files of that name by the folder they are in (built on first ask): one unit per host folder compared with every file of the name was n². */
  byNameAndFolder: Map<string, Map<string, ReadEnv['envFiles']>>;
  /**
   * Per name and unit folder, the nearest files of that name (built on first
   * ask): every unit of one folder (units/) has the same nearest files, and
   * comparing each with every host folder's copy (env/h1 … env/hN) was n².
   */
  nearestByNameAndFolder: Map<string, readonly ReadEnv['envFiles'][number][]>;
  /** The paths of a list of nearest files, made once per list: units refused the same files share one array, not n copies of n paths. */
  pathsOf: WeakMap<readonly { file: SourceFile }[], string[]>;
  /** The files that assign each variable, in input order. */
  byVariable: Map<string, ReadEnv['envFiles']>;
  /** bestByVariables' answers for units that linked nothing by name, by folder, variables and refused lists. */
  bestByKey: Map<string, readonly ScoredEnvFile[]>;
  /** A number per refused list, for bestByKey's keys. */
  listIds: WeakMap<string[], number>;
  order: Map<SourceFile, number>;
}

type EnvCandidate = ReadEnv['envFiles'][number];
interface ScoredEnvFile {
  file: SourceFile;
  candidate: EnvCandidate;
  /** The unresolved variables it assigns. */
  hits: string[];
}
const envFileIndexes = new WeakMap<ReadEnv['envFiles'], EnvFileIndex>();
function envFileIndexOf(envFiles: ReadEnv['envFiles']): EnvFileIndex {
  let index = envFileIndexes.get(envFiles);
  if (!index) {
    index = { byName: new Map(), byNameAndFolder: new Map(), nearestByNameAndFolder: new Map(), pathsOf: new WeakMap(), byVariable: new Map(), bestByKey: new Map(), listIds: new WeakMap(), order: new Map() };
    for (const [i, candidate] of envFiles.entries()) {
      index.order.set(candidate.file, i);
      for (const name of new Set(candidate.assignments.map((assignment) => assignment.name))) pushTo(index.byVariable, name, candidate);
      for (const key of new Set([envFileStem(candidate.file.path), basename(candidate.file.path)])) pushTo(index.byName, key, candidate);
    }
    envFileIndexes.set(envFiles, index);
  }
  return index;
}

/** The env files of one name nearest the unit. */
function nearestNamed(unit: SourceFile, index: EnvFileIndex, name: string): readonly ReadEnv['envFiles'][number][] {
  const named = index.byName.get(name) ?? [];
  let under = index.byNameAndFolder.get(name);
  if (!under && named.length > 1) index.byNameAndFolder.set(name, (under = byFolder(named)));
  const key = `${name}\0${folderOf(unit.path)}`;
  let chosen = index.nearestByNameAndFolder.get(key);
  if (!chosen) index.nearestByNameAndFolder.set(key, (chosen = nearest(unit, named, under)));
  return chosen;
}

function pathsOf(index: EnvFileIndex, chosen: readonly { file: SourceFile }[]): string[] {
  let paths = index.pathsOf.get(chosen);
  if (!paths) index.pathsOf.set(chosen, (paths = chosen.map((candidate) => candidate.file.path)));
  return paths;
}

let nextListId = 0;
function listId(index: EnvFileIndex, list: string[]): number {
  let id = index.listIds.get(list);
  if (id === undefined) index.listIds.set(list, (id = nextListId++));
  return id;
}

/**
 * The env files that assign the most of `unresolved`, nearest the unit,
 * none refused or linked already. A unit that linked nothing by name asks
 * what every unit of its folder with the same variables and refusals asks:
 * the answer is kept (2,000 units in units/, each refused its copies in
 * env/h1 … env/h2000, compared each with every file: n²).
 */
function bestByVariables(unit: SourceFile, index: EnvFileIndex, unresolved: string[], refusedLists: readonly string[][], linked: readonly SourceFile[]): readonly ScoredEnvFile[] {
  const key = linked.length === 0 ? `${folderOf(unit.path)}\0${unresolved.join('\0')}\0${refusedLists.map((list) => listId(index, list)).join(',')}` : null;
  const kept = key === null ? undefined : index.bestByKey.get(key);
  if (kept) return kept;
  const refused = new Set<string>();
  for (const list of refusedLists) for (const path of list) refused.add(path);
  const pool = new Set<EnvCandidate>();
  for (const name of unresolved) for (const candidate of index.byVariable.get(name) ?? []) pool.add(candidate);
  const scored = [...pool]
    .sort((a, b) => index.order.get(a.file)! - index.order.get(b.file)!)
    .filter((candidate) => !refused.has(candidate.file.path) && !linked.includes(candidate.file))
    .map((candidate) => ({ file: candidate.file, candidate, hits: unresolved.filter((name) => candidate.assignments.some((a) => a.name === name)) }));
  const most = scored.reduce((max, entry) => Math.max(max, entry.hits.length), 0);
  const best = nearest(unit, scored.filter((entry) => entry.hits.length === most));
  if (key !== null) index.bestByKey.set(key, best);
  return best;
}

function linkEnvironmentFiles(unit: SourceFile, envFiles: ReadEnv['envFiles']): SystemdLinks & { reasons: { envFile: SourceFile; reason: string }[] } {
  const paths = environmentFilePaths(unit);
  const linked: { file: SourceFile; assignments: EnvAssignment[]; reason: string }[] = [];
  const ambiguous: SystemdLinks['ambiguous'] = [];
  const found = new Set<string>();
  const index = envFileIndexOf(envFiles);
  for (const path of paths) {
    const name = basename(path);
    const chosen = nearestNamed(unit, index, name);
    if (chosen.length === 0) continue;
    found.add(name);
    // Equally near files of one name in different folders are different machines' settings: none is this unit's for certain.
    if (!isOneFolder(chosen)) {
      ambiguous.push({ path, candidates: pathsOf(index, chosen) });
      continue;
    }
    for (const candidate of chosen) if (!linked.some((link) => link.file === candidate.file)) linked.push({ ...candidate, reason: `EnvironmentFile=${name} names it` });
  }
  // In input order, as the files were found before.
  linked.sort((a, b) => index.order.get(a.file)! - index.order.get(b.file)!);
  const unresolved = referencedVariables(unit).filter((name) => !linked.some((l) => l.assignments.some((a) => a.name === name)));
  if (unresolved.length > 0 && paths.length > 0) {
    // A template's rendered name is often not its source name (Ansible's
    // thanos-sidecar-defaults.j2 -> /etc/default/thanos-sidecar): link the
    // env file that defines the variables ExecStart expands, the nearest of
    // those that define the most of them, never one refused as ambiguous above.
    const best = bestByVariables(unit, index, unresolved, ambiguous.map((entry) => entry.candidates), linked.map((link) => link.file));
    const standsFor = paths.find((path) => !found.has(basename(path)));
    // Several files that define as many of the variables, even in one folder
    // (env/production.env, env/staging.env), are several machines' settings
    // as far as the tool can tell: not guessed between, said as ambiguous
    // when an EnvironmentFile= is left for them to be.
    if (best.length > 1) {
      if (standsFor !== undefined) {
        ambiguous.push({ path: standsFor, candidates: pathsOf(index, best) });
        found.add(basename(standsFor));
      }
    } else if (best.length === 1) {
      linked.push({ ...best[0]!.candidate, reason: `defines ${best[0]!.hits.map((name) => `$${name}`).join(' ')} that ExecStart expands` });
      // It stands for the first EnvironmentFile= no file matched by name.
      if (standsFor !== undefined) found.add(basename(standsFor));
    }
  }
  return {
    environmentFiles: linked.map((link) => ({ file: link.file, assignments: link.assignments, reason: link.reason })),
    missing: paths.filter((path) => !found.has(basename(path))),
    ambiguous,
    reasons: linked.map((link) => ({ envFile: link.file, reason: link.reason })),
  };
}

/** The env files some unit may read but was refused as ambiguous (each shared list of candidates looked at once). */
function ambiguousEnvFiles(sink: CarrierReadResult): Set<string> {
  const lists = new Set<string[]>();
  for (const slot of sink.unitSlots) for (const entry of slot.ambiguousFiles) lists.add(entry.candidates);
  const paths = new Set<string>();
  for (const list of lists) for (const path of list) paths.add(path);
  return paths;
}

/**
 * An env file no unit reads: its gossip flags are for a human, named by
 * variable. One a unit may read, but which one of several the tool could not
 * tell, is said to be that: "no unit reads it" would send the user to add a
 * unit that is already there.
 */
function reportUnreadEnvFiles(sink: CarrierReadResult, env: ReadEnv): void {
  const read = new Set(sink.links.map((link) => link.envFile));
  const ambiguous = ambiguousEnvFiles(sink);
  for (const { file, assignments } of env.envFiles) {
    if (read.has(file)) continue;
    const whose = ambiguous.has(file.path)
      ? 'of one of several env files a systemd unit in the input may read, the tool cannot tell which (unit-env-missing names the unit): remove it by hand, or put the unit beside its own env file'
      : 'of an env file no systemd unit in the input reads: add the unit to the input, or remove it by hand';
    for (const assignment of assignments) {
      for (const span of gossipMentions(file.text, assignment.valueSpan)) {
        const why = `in ${assignment.name} (line ${assignment.line + 1}) ${whose}`;
        sink.problems.push({ file, span, message: `manual: ${file.text.slice(span.start, span.end)} ${why}`, isManual: true });
      }
    }
  }
}

export const systemdModule: CarrierModule = {
  kinds: ['systemd'],
  outsideArgv: 'outside ExecStart (or in a template expression)',
  readsEnv: true,
  read(file, sink, env) {
    const links = linkEnvironmentFiles(file, env.envFiles);
    for (const { envFile, reason } of links.reasons) sink.links.push({ unit: file, envFile, reason });
    const carriers = readSystemdCarriers(file, links);
    append(sink.unitSlots, readUnitSlots(file, carriers, links));
    return carriers;
  },
  finish: reportUnreadEnvFiles,
  wire: (request) => siblingFileWiring(request, sdPathRead(request) ?? `${SYSTEMD_SD_DIR}/${request.sdFileName}`),
};

/** Env files are read by the units that name them (the systemd module links them); alone they hold no argv. */
export const envFileModule: CarrierModule = {
  kinds: ['env'],
  outsideArgv: 'in an env file no unit expands',
  read: () => [],
  wire: () => ({ kind: 'refused', reason: 'is in an env file (manual)' }),
};
