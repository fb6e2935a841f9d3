// npm run test:corpus: the acceptance checks (acceptance.ts) over each
// project folder of ../shared/corpus, the real gossip-era files, each folder
// one deployment. Exits non-zero on any violation; one line per project.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkDeployment } from './acceptance.js';
import { checkMeshes } from './meshes.js';

const EXPECTED_MESHES = JSON.parse(readFileSync(new URL('../../test-corpus/meshes.json', import.meta.url), 'utf8'));

const corpus = process.argv[2] ?? '../shared/corpus';
if (!existsSync(corpus)) {
  console.log(`corpus: ${corpus} not present, nothing to check`);
} else {
  const failures: string[] = [];
  for (const name of readdirSync(corpus).sort()) {
    const dir = join(corpus, name);
    if (statSync(dir).isDirectory()) {
      const result = await checkDeployment(dir);
      console.log(`${dir}: ${result.summary}`);
      for (const line of result.notes) console.log(`  ${line}`);
      failures.push(...result.failures, ...(await checkMeshes(dir, EXPECTED_MESHES[name])));
    }
  }
  for (const failure of failures) console.error(`FAIL ${failure}`);
  console.log(`corpus: ${failures.length === 0 ? 'ok' : `${failures.length} failures`}`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}
