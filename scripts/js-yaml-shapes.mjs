// js-yaml builds every parser state as `{ ...DEFAULT_PARSER_OPTIONS,
// ...options, input, position, ... }` (and its constructor and dumper states
// alike). On Node 20 (V8 11.3), an object literal that starts by spreading an
// object with fields and then adds fields of its own gets a hidden class of
// its own every time it runs: each parse's state has a new shape, so code
// V8 optimised for the first parse deoptimises on the next ("wrong map"),
// is optimised again, and its property loads end up megamorphic. A check
// parses each candidate file separately, so it paid that on every file.
// Spread from a frozen object, the literal's objects share one shape
// (Node 22 and 24 share it either way).
//
// So the bundle freezes js-yaml's DEFAULT_*_OPTIONS objects where they are
// defined. js-yaml only spreads them and lists their keys, never writes
// them, and the states built from them are copies, not frozen. The library
// (dist/src) imports js-yaml as published; test/bundle-js-yaml.test.ts holds
// the bundle's trees to the library's on every fixture.
//
// Paired runs on the 10,000-file tree of npm run bench, Node 20: `check
// --format json` 0.96 of the time (20 pairs), `migrate --quiet` 0.90 (8);
// parsing the tree's 151 candidate files alone, 5.6 ms instead of 21 once
// warm (README, Performance).

import { readFile } from 'node:fs/promises';

/** The definitions that must be there: without them js-yaml has changed and this needs a look. */
const REQUIRED = ['DEFAULT_PARSER_OPTIONS', 'DEFAULT_CONSTRUCTOR_OPTIONS'];

/**
 * `source` (js-yaml's dist/js-yaml.mjs) with `Object.freeze(NAME);` after
 * each `var DEFAULT_…_OPTIONS = {…};`, and the names of REQUIRED it did not
 * find. A js-yaml that no longer has them still bundles, as published, with
 * a build warning: the test that holds the bundle to this fails in this
 * project's CI, not in a user's build from source.
 */
export function freezeOptionDefaults(source) {
  const frozen = [];
  const contents = source.replace(/^var (DEFAULT_[A-Z_]+_OPTIONS) = \{\n(?:.*\n)*?\};$/gm, (definition, name) => {
    frozen.push(name);
    return `${definition}\nObject.freeze(${name});`;
  });
  return { contents, missing: REQUIRED.filter((name) => !frozen.includes(name)) };
}

/** esbuild plugin: js-yaml's ES module, its option defaults frozen. */
export const jsYamlShapes = {
  name: 'js-yaml-shapes',
  setup(build) {
    build.onLoad({ filter: /[\\/]js-yaml[\\/]dist[\\/]js-yaml\.mjs$/ }, async (args) => {
      const { contents, missing } = freezeOptionDefaults(await readFile(args.path, 'utf8'));
      const warnings = missing.length > 0 ? [{ text: `${missing.join(', ')} not found: js-yaml has changed, its option defaults are not frozen (see scripts/js-yaml-shapes.mjs)` }] : [];
      return { contents, loader: 'js', warnings };
    });
  },
};
