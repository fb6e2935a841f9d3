// Mesh membership over the corpus: which processes of each project gossip
// together, and whether the input holds the whole mesh, must stay what a
// reader of those files sees (test-corpus/meshes.json: per project, per run
// (default options, or --namespace NS), each mesh as its members
// "component file" and open or closed).

import { basename } from 'node:path';
import { DEFAULT_MIGRATION_OPTIONS, loadSources, planMigration } from '../src/index.js';

export interface ExpectedMesh {
  members: string[];
  open: boolean;
}

/** `default`, or `--namespace NS`. */
export type RunName = string;

function optionsOf(run: RunName) {
  const namespace = /^--namespace (\S+)$/.exec(run)?.[1];
  return namespace !== undefined ? { ...DEFAULT_MIGRATION_OPTIONS, namespace } : DEFAULT_MIGRATION_OPTIONS;
}

export async function meshesOf(dir: string, run: RunName = 'default'): Promise<ExpectedMesh[]> {
  const loaded = await loadSources([dir]);
  const plan = planMigration(loaded.files, optionsOf(run), () => null);
  return plan.meshes
    .map((mesh) => ({ members: [...new Set(mesh.members.map((member) => `${member.component} ${basename(member.file.path)}`))].sort(), open: mesh.openings.length > 0 }))
    .sort((a, b) => (a.members.join() < b.members.join() ? -1 : 1));
}

export async function checkMeshes(dir: string, expected: Record<RunName, ExpectedMesh[]> | undefined): Promise<string[]> {
  if (expected === undefined) return [`${dir}: no expected meshes in test-corpus/meshes.json`];
  const failures: string[] = [];
  for (const [run, meshes] of Object.entries(expected)) {
    const actual = await meshesOf(dir, run);
    if (JSON.stringify(actual) !== JSON.stringify(meshes)) failures.push(`${dir} (${run}): meshes ${JSON.stringify(actual)}, expected ${JSON.stringify(meshes)}`);
  }
  return failures;
}
