// The pipeline's import directions, held by reading every `import`/`export …
// from` line of src/ (after eslint's and biome's own layering checks). Data
// flows one way: sources → carriers → analysis → rules → edits → engine →
// output; component knowledge (src/thanos/) and the argv model (src/argv/)
// are leaves; the front ends (src/cli/, src/wizard/) go through the library's
// one entry, src/index.ts. Each direction is a rule with its reason; there is
// no list of files excused from one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { ROOT } from './support.js';

interface ModuleImport {
  /** The importing module, relative to src/: `rules/gossip-flag.ts`. */
  from: string;
  /** The imported module, relative to src/ (`.ts`, or a data file such as `thanos/flag-table.json`). */
  to: string;
  isTypeOnly: boolean;
  line: number;
}

interface Direction {
  /** The folder (`rules/`) or module (`engine.ts`) the rule is about. */
  from: string;
  forbids(to: string, isTypeOnly: boolean): boolean;
  because: string;
}

const inFolder = (folder: string) => (path: string) => path.startsWith(folder);
const anyOf = (...tests: ((path: string) => boolean)[]) => (path: string) => tests.some((t) => t(path));
const DOWNSTREAM_OF_ANALYSIS = anyOf(inFolder('rules/'), inFolder('edits/'), inFolder('output/'), inFolder('write/'), (p) => p === 'engine.ts' || p === 'check.ts' || p === 'index.ts');
const FRONT_ENDS = anyOf(inFolder('cli/'), inFolder('wizard/'));
/** Modules that import nothing (each has its own direction below): any stage may use them. */
const LEAF_HELPERS = new Set(['lists.ts', 'sorted.ts']);

export const DIRECTIONS: readonly Direction[] = [
  {
    from: 'thanos/',
    forbids: (to, isTypeOnly) => !to.startsWith('thanos/') && !(isTypeOnly && to === 'model.ts'),
    because: 'component knowledge is data: it imports nothing of ours but the shared model\'s types',
  },
  {
    from: 'argv/',
    forbids: (to, isTypeOnly) => !to.startsWith('argv/') && !LEAF_HELPERS.has(to) && !(isTypeOnly && to === 'model.ts'),
    because: 'the argv model serves every carrier and knows none of them: it imports nothing of ours but the shared model\'s types and the leaf helpers',
  },
  {
    from: 'text/',
    forbids: (to, isTypeOnly) => !to.startsWith('text/') && !LEAF_HELPERS.has(to) && !(isTypeOnly && to === 'model.ts'),
    because: 'the positioned YAML tree and JSON reader serve carriers, analysis, the SD validator and the config reader alike: they import nothing of ours but the shared model\'s types and the leaf helpers',
  },
  {
    from: 'model.ts',
    forbids: (to) => to !== 'facts.ts',
    because: 'the shared model is the bottom of the pipeline',
  },
  {
    from: 'lists.ts',
    forbids: () => true,
    because: 'a list helper every stage may use depends on nothing',
  },
  {
    from: 'sorted.ts',
    forbids: () => true,
    because: 'the binary searches every stage may use depend on nothing',
  },
  {
    from: 'facts.ts',
    forbids: (to, isTypeOnly) => !(isTypeOnly && to === 'model.ts'),
    because: 'neutral facts are types every stage reads; they depend on no stage',
  },
  {
    from: 'sources/',
    forbids: anyOf(inFolder('carriers/'), inFolder('analysis/'), DOWNSTREAM_OF_ANALYSIS, FRONT_ENDS),
    because: 'finding and reading files comes before any format is parsed',
  },
  {
    from: 'carriers/',
    forbids: anyOf(inFolder('analysis/'), DOWNSTREAM_OF_ANALYSIS, FRONT_ENDS, (to) => to.startsWith('thanos/') && to !== 'thanos/vocabulary.ts'),
    because: 'a carrier finds argv in its format; deciding what is Thanos and what it means is analysis (it may match words with the gossip vocabulary)',
  },
  {
    from: 'analysis/',
    forbids: anyOf(DOWNSTREAM_OF_ANALYSIS, FRONT_ENDS),
    because: 'analysis builds the facts rules judge: it never calls a rule, an edit or a reporter',
  },
  {
    from: 'rules/',
    forbids: anyOf(inFolder('carriers/'), inFolder('edits/'), inFolder('output/'), inFolder('write/'), (p) => p === 'engine.ts' || p === 'index.ts', FRONT_ENDS),
    because: 'rules read neutral facts and state intent; a carrier says how a file changes, a reporter how it is shown',
  },
  {
    from: 'edits/',
    forbids: anyOf(inFolder('rules/'), inFolder('output/'), inFolder('write/'), (p) => p === 'engine.ts' || p === 'index.ts', FRONT_ENDS),
    because: 'edits apply what rules asked; they do not judge, print or write',
  },
  {
    from: 'output/',
    forbids: anyOf(inFolder('carriers/'), inFolder('rules/'), inFolder('edits/'), (p) => p === 'engine.ts', FRONT_ENDS),
    because: 'reporters render values (plan.ts, findings): they know neither file formats nor rules',
  },
  {
    from: 'wizard/',
    forbids: (to) => to !== 'index.ts' && !to.startsWith('wizard/'),
    because: 'a front end uses the library through its one entry, src/index.ts',
  },
  {
    from: 'cli/',
    forbids: (to) => to !== 'index.ts' && !to.startsWith('cli/') && !to.startsWith('wizard/'),
    because: 'a front end uses the library through its one entry, src/index.ts (the CLI dispatches to the wizard, the other front end)',
  },
  {
    from: '',
    forbids: FRONT_ENDS,
    because: 'the library never reaches into a front end',
  },
];

const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'(\.[^']+)'/gm;

/** The relative imports of one module's text, resolved against src/. */
export function importsOf(from: string, text: string): ModuleImport[] {
  const found: ModuleImport[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const target = normalize(join(dirname(from), match[2]!)).replace(/\\/g, '/').replace(/\.js$/, '.ts');
    const line = text.slice(0, match.index).split('\n').length + (match[0].match(/^\s*/)![0].split('\n').length - 1);
    found.push({ from, to: target, isTypeOnly: match[1] !== undefined, line });
  }
  return found;
}

export function violationsOf(imports: readonly ModuleImport[]): string[] {
  const violations: string[] = [];
  for (const entry of imports) {
    for (const direction of DIRECTIONS) {
      const applies = direction.from === '' ? true : direction.from.endsWith('/') ? entry.from.startsWith(direction.from) : entry.from === direction.from;
      // The library-wide rule is about the library: the front ends import each other by their own rules.
      if (direction.from === '' && FRONT_ENDS(entry.from)) continue;
      if (applies && direction.forbids(entry.to, entry.isTypeOnly)) {
        violations.push(`src/${entry.from}:${entry.line} imports src/${entry.to}: ${direction.because}`);
      }
    }
  }
  return violations;
}

function sourceModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceModules(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

test('architecture: every import in src/ goes the way the pipeline flows', () => {
  const src = join(ROOT, 'src');
  const imports = sourceModules(src).flatMap((path) => importsOf(relative(src, path).replace(/\\/g, '/'), readFileSync(path, 'utf8')));
  assert.ok(imports.length > 300, `read ${imports.length} imports: the reader found too few to be reading src/`);
  assert.deepEqual(violationsOf(imports), []);
});

test('architecture: the check catches each kind of wrong import (negative control)', () => {
  const wrong = [
    ['rules/gossip-flag.ts', "import { readCarriers } from '../carriers/index.js';"],
    ['carriers/shell/index.ts', "import { COMPONENTS } from '../../thanos/components.js';"],
    ['wizard/run.ts', "import { runMigrate } from '../cli/migrate-command.js';"],
    ['cli/main.ts', "import { planMigration } from '../engine.js';"],
    ['output/report.ts', "import type { MigrationPlan } from '../engine.js';"],
    ['analysis/meshes.ts', "import { RULES } from '../rules/index.js';"],
    ['sources/scan.ts', "export { escapeForDisplay } from '../output/escape.js';"],
    ['argv/tokenize.ts', "import { SourceFile } from '../model.js';"],
    ['engine.ts', "import { main } from './cli/main.js';"],
  ] as const;
  const violations = violationsOf(wrong.flatMap(([from, text]) => importsOf(from, text)));
  assert.deepEqual(
    violations.map((violation) => violation.replace(/: .*$/, '')),
    [
      'src/rules/gossip-flag.ts:1 imports src/carriers/index.ts',
      'src/carriers/shell/index.ts:1 imports src/thanos/components.ts',
      'src/wizard/run.ts:1 imports src/cli/migrate-command.ts',
      'src/cli/main.ts:1 imports src/engine.ts',
      'src/output/report.ts:1 imports src/engine.ts',
      'src/analysis/meshes.ts:1 imports src/rules/index.ts',
      'src/sources/scan.ts:1 imports src/output/escape.ts',
      'src/argv/tokenize.ts:1 imports src/model.ts',
      'src/engine.ts:1 imports src/cli/main.ts',
    ],
  );
  // Allowed: a type from the shared model in argv/, the gossip vocabulary in a carrier, the library entry in a front end.
  const allowed = [
    ['argv/tokenize.ts', "import type { SourceFile } from '../model.js';"],
    ['carriers/yaml/alias.ts', "import { GOSSIP_FLAG_MENTION } from '../../thanos/vocabulary.js';"],
    ['cli/main.ts', "import {\n  planMigration,\n} from '../index.js';"],
  ] as const;
  assert.deepEqual(violationsOf(allowed.flatMap(([from, text]) => importsOf(from, text))), []);
});

// `list.push(...items)` and `Math.max(...items)` pass every item as an
// argument and throw past about 100,000 of them (a 30 MB one-line script
// holds a million commands): lists that grow with the input use append()
// from src/lists.ts, a loop or a reduce; a spread into an array literal does
// not use the stack and stays.
const ARGUMENT_SPREAD = /\.(?:push|unshift)\(\.\.\.[^,]*\);|Math\.(?:max|min)\(\.\.\./;

export function argumentSpreadsOf(path: string, text: string): string[] {
  return text.split('\n').flatMap((line, index) => (ARGUMENT_SPREAD.test(line) && !line.trimStart().startsWith('//') ? [`${path}:${index + 1}: ${line.trim()}`] : []));
}

test('no list that grows with the input is spread into a call (push, unshift, Math.max/min)', () => {
  const src = join(ROOT, 'src');
  const found = sourceModules(src).flatMap((path) => argumentSpreadsOf(relative(src, path).replace(/\\/g, '/'), readFileSync(path, 'utf8')));
  assert.deepEqual(found, []);
  assert.deepEqual(argumentSpreadsOf('x.ts', 'out.push(...rows);\nMath.max(...widths)\nout.push(...a, b);'), ['x.ts:1: out.push(...rows);', 'x.ts:2: Math.max(...widths)']);
});
