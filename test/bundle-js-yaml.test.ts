// The bin's bundle freezes js-yaml's option defaults (scripts/js-yaml-shapes.mjs):
// every definition is frozen there, and the bundle's YAML trees and loaded
// values are the library's, which imports js-yaml as published.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load } from 'js-yaml';
import { buildTree, type YTree } from '../src/text/yaml-tree.js';
import { readTree, ROOT } from './support.js';

const BUNDLE = join(ROOT, 'dist', 'bundle', 'cli');

/** The bundle's chunk that holds js-yaml (its licence comment names the file). */
function jsYamlChunk(): string {
  const chunks = readdirSync(BUNDLE).filter((name) => readFileSync(join(BUNDLE, name), 'utf8').includes('js-yaml/dist/js-yaml.mjs:'));
  assert.equal(chunks.length, 1, `one chunk holds js-yaml, found: ${chunks.join(', ')}`);
  return join(BUNDLE, chunks[0]!);
}

test('the bundle freezes each of js-yaml\'s DEFAULT_*_OPTIONS right after defining it', () => {
  const source = readFileSync(jsYamlChunk(), 'utf8');
  const defined = [...source.matchAll(/^var (DEFAULT_[A-Z_]+_OPTIONS) = \{\n(?:.*\n)*?\};\n(.*)$/gm)];
  assert.deepEqual(
    defined.map(([, name, next]) => `${name}: ${next}`),
    defined.map(([, name]) => `${name}: Object.freeze(${name});`),
  );
  for (const name of ['DEFAULT_PARSER_OPTIONS', 'DEFAULT_CONSTRUCTOR_OPTIONS', 'DEFAULT_DUMP_OPTIONS']) {
    assert.ok(defined.some(([, found]) => found === name), name);
  }
});

test('the bundle\'s YAML trees and loaded values are the library\'s on every fixture', async () => {
  const bundled = (await import(pathToFileURL(jsYamlChunk()).href)) as { buildTree: (text: string) => YTree; load: (text: string) => unknown };
  const outcome = (read: () => unknown) => {
    try {
      return { value: read() };
    } catch (error) {
      return { thrown: String(error) };
    }
  };
  let compared = 0;
  for (const [name, text] of readTree(join(ROOT, 'fixtures'))) {
    assert.deepEqual(bundled.buildTree(text), buildTree(text), name);
    if (/\.ya?ml$/.test(name)) {
      assert.deepEqual(outcome(() => bundled.load(text)), outcome(() => load(text)), name);
      compared++;
    }
  }
  assert.ok(compared > 100, `${compared} YAML fixtures loaded`);
});
