// The floor under `migrate`: walk the same tree, read every file whole, and
// parse with the YAML library the files the tool found worth parsing (the
// list in argv[3], one path a line), nothing else. migrate / parse-only is
// then the price of everything the tool does beyond reading and parsing.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';

const [root = '.', listFile] = process.argv.slice(2);
const candidates = new Set(listFile ? readFileSync(listFile, 'utf8').split('\n').filter(Boolean) : []);
let bytes = 0;
let documents = 0;
const walk = (dir: string) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git' && entry.name !== 'node_modules') walk(path);
      continue;
    }
    if (!entry.isFile()) continue;
    const data = readFileSync(path);
    bytes += data.length;
    if (!candidates.has(path) || !/\.(ya?ml|json)$/.test(entry.name)) continue;
    try {
      documents += loadAll(data.toString('utf8')).length;
    } catch {
      // a parse error is still a parse
    }
  }
};
walk(root);
process.stdout.write(`${bytes} bytes, ${documents} documents\n`);
