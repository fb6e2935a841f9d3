// The CLI as the bin runs it: dist/src (tsc's output) bundled by esbuild
// into dist/bundle/cli/, one entry for the CLI and one for each worker
// thread, shared code split into chunks. Loading ~150 ES modules one by one
// took about 130 ms of every run; the bundle loads in about 55 (README,
// Dependencies). The library (`exports`) stays dist/src, unbundled.
//
// The bundle sits at the same depth as dist/src/cli/, so the one path the
// CLI resolves against its own URL (package.json, for the version) is the
// same in both. Its dependencies are bundled too; the CommonJS ones among
// them get a `require` from createRequire. js-yaml's option defaults are
// frozen on the way in (scripts/js-yaml-shapes.mjs says why).

import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { jsYamlShapes } from './js-yaml-shapes.mjs';

const OUT = 'dist/bundle/cli';

rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: ['dist/src/cli/main.js', 'dist/src/check-worker.js', 'dist/src/sources/scan-worker.js'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: OUT,
  // Flat, with the workers under their own names: `new URL('./scan-worker.js', import.meta.url)` finds them from any chunk.
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [jsYamlShapes],
  logLevel: 'warning',
});
