// systemd units: ExecStart with continuations and specifiers, `$VAR`
// expanded from Environment= and the EnvironmentFiles the unit names (or
// whose variables it expands: Ansible renders thanos-sidecar-defaults.j2 to
// /etc/default/thanos-sidecar). A Querier here reads its SD file from
// /etc/thanos, written next to the unit for the user to install.

import { basename } from 'node:path';
import type { SourceFile } from '../../model.js';
import type { CarrierModule, ReadEnv } from '../module.js';
import type { CarrierReadResult } from '../index.js';
import type { EnvAssignment } from './env-file.js';
import { environmentFilePaths, readSystemdCarriers, referencedVariables, type SystemdLinks } from './read.js';
import { readUnitSlots } from './unit-slots.js';
import { gossipMentions } from '../embedded/index.js';
import { sdPathRead, siblingFileWiring } from '../wiring.js';
import { append } from '../../lists.js';

/** Where units read their discovery files unless --sd-path says otherwise. */
export const SYSTEMD_SD_DIR = '/etc/thanos';

/** Names an env file may carry for one EnvironmentFile= path: the file itself or its template. */
function envFileStem(path: string): string {
  return basename(path).replace(/\.(j2|erb|tmpl|tpl|env)$/i, '').replace(/^templates__/, '');
}

function linkEnvironmentFiles(unit: SourceFile, envFiles: ReadEnv['envFiles']): SystemdLinks & { reasons: { envFile: SourceFile; reason: string }[] } {
  const paths = environmentFilePaths(unit);
  const wanted = paths.map((path) => basename(path));
  const linked: { file: SourceFile; assignments: EnvAssignment[]; reason: string }[] = [];
  const found = new Set<string>();
  for (const candidate of envFiles) {
    const stem = envFileStem(candidate.file.path);
    const match = wanted.find((name) => name === stem || name === basename(candidate.file.path));
    if (match) {
      linked.push({ ...candidate, reason: `EnvironmentFile=${match} names it` });
      found.add(match);
    }
  }
  const unresolved = referencedVariables(unit).filter((name) => !linked.some((l) => l.assignments.some((a) => a.name === name)));
  if (unresolved.length > 0 && wanted.length > 0) {
    // A template's rendered name is often not its source name (Ansible's
    // thanos-sidecar-defaults.j2 -> /etc/default/thanos-sidecar): link the
    // env file that defines the variables ExecStart expands.
    const best = envFiles
      .filter((candidate) => !linked.some((link) => link.file === candidate.file))
      .map((candidate) => ({ candidate, hits: unresolved.filter((name) => candidate.assignments.some((a) => a.name === name)) }))
      .filter((entry) => entry.hits.length > 0)
      .sort((a, b) => b.hits.length - a.hits.length)[0];
    if (best) {
      linked.push({ ...best.candidate, reason: `defines ${best.hits.map((name) => `$${name}`).join(' ')} that ExecStart expands` });
      // It stands for the first EnvironmentFile= no file matched by name.
      const standsFor = wanted.find((name) => !found.has(name));
      if (standsFor !== undefined) found.add(standsFor);
    }
  }
  return {
    environmentFiles: linked.map((link) => ({ file: link.file, assignments: link.assignments, reason: link.reason })),
    missing: paths.filter((path) => !found.has(basename(path))),
    reasons: linked.map((link) => ({ envFile: link.file, reason: link.reason })),
  };
}

/** An env file no unit reads: its gossip flags are for a human, named by variable. */
function reportUnreadEnvFiles(sink: CarrierReadResult, env: ReadEnv): void {
  const read = new Set(sink.links.map((link) => link.envFile));
  for (const { file, assignments } of env.envFiles) {
    if (read.has(file)) continue;
    for (const assignment of assignments) {
      for (const span of gossipMentions(file.text, assignment.valueSpan)) {
        const why = `in ${assignment.name} (line ${assignment.line + 1}) of an env file no systemd unit in the input reads: add the unit to the input, or remove it by hand`;
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
