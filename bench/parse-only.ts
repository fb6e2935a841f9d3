// The baseline for `migrate`: read every YAML file under a folder and parse
// it with the YAML library, nothing else.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';

let documents = 0;
const walk = (dir: string) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.ya?ml$/.test(name)) {
      try {
        documents += loadAll(readFileSync(path, 'utf8')).length;
      } catch {
        // parse-only: errors count as parsed
      }
    }
  }
};
walk(process.argv[2] ?? '.');
process.stdout.write(`${documents}\n`);
