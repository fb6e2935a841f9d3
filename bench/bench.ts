// npm run bench: how check and migrate compare with the tools a user would
// otherwise reach for, and whether anything grows faster than its input.
//
//   npm run bench                       trees of 1k and 10k files, then the scale cases
//   BENCH_100K=1 npm run bench          the 100k-file tree too (generating it takes minutes, once)
//   npm run bench -- --sizes 1000,10000 --runs 3 --no-scale
//   npm run bench -- --only-scale
//   npm run bench -- --only-scale --case 'migrate preview'   (the scale cases whose name holds it)
//   npm run bench -- --bin ../other-checkout/bin/thanos-gossip-migrate.js   (another build, same inputs)
//
// Needs GNU time (/usr/bin/time, Debian package `time`) and coreutils'
// timeout; uses ripgrep when installed (Debian package `ripgrep`). Inputs
// are generated once under the system temp folder, keyed by generator
// version. Exit 1 when check is over 1.5x grep on a tree of 10,000 files or
// more, when a scale case grows faster than n log n between its two sizes,
// when peak RSS is not flat across tree sizes, or when a scale target of the
// issue is missed (see CHECKS below).

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchCacheDir, generateRepository } from './generate.js';
import { SCALE_CASES, scaleInput, type ScaleCase } from './scale-inputs.js';
import { growthExponent, nLogNExponent, repeated, rounds, type Command, type Summary } from './measure.js';
import { PREFILTER_PATTERN } from '../src/sources/scan.js';
import { loadDeployment } from '../src/load.js';
import { thanosPodLabelValues } from '../src/engine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PARSE_ONLY = join(ROOT, 'dist', 'bench', 'parse-only.js');
const READ_FLOOR = join(ROOT, 'dist', 'bench', 'read-floor.js');
const NODE = process.execPath;

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: process.env.BENCH_100K === '1' ? '1000,10000,100000' : '1000,10000' },
    runs: { type: 'string', default: '3' },
    timeout: { type: 'string', default: '300' },
    'no-scale': { type: 'boolean', default: false },
    'only-scale': { type: 'boolean', default: false },
    case: { type: 'string' },
    bin: { type: 'string', default: join(ROOT, 'bin', 'thanos-gossip-migrate.js') },
  },
});
const BIN = resolve(args.bin);
const SIZES = args.sizes.split(',').map(Number);
const RUNS = Number(args.runs);
const TIMEOUT = Number(args.timeout);
const CACHE = benchCacheDir();

for (const tool of ['/usr/bin/time', 'timeout']) {
  if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).error) {
    process.stderr.write(`bench needs ${tool} (Debian packages time and coreutils)\n`);
    process.exit(2);
  }
}
const hasRg = !spawnSync('rg', ['--version'], { stdio: 'ignore' }).error;

const log = (line: string) => process.stderr.write(`${line}\n`);
const out = (line = '') => process.stdout.write(`${line}\n`);
const s = (seconds: number) => seconds.toFixed(seconds < 10 ? 3 : 1);
const mb = (value: number) => value.toFixed(0);
const x = (value: number) => `${value.toFixed(2)}x`;

interface Check {
  name: string;
  value: string;
  limit: string;
  ok: boolean;
}
const CHECKS: Check[] = [];
const verdict = (name: string, value: string, limit: string, ok: boolean) => CHECKS.push({ name, value, limit, ok });

function tool(name: string, argv: string[], cwd: string, okStatuses = [0, 1]): Command {
  return { name, argv: [NODE, BIN, ...argv], cwd, okStatuses };
}

// ---------------------------------------------------------------------------
// Start-up

log(`load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} on ${cpus().length} cores; inputs in ${CACHE}`);
const startup = rounds([tool('--version', ['--version'], ROOT, [0]), { name: 'node -e 0', argv: [NODE, '-e', '0'], cwd: ROOT }], RUNS, TIMEOUT);
const versionSeconds = startup.summaries[0]!.seconds;
const versionRss = startup.summaries[0]!.rssMb;

// ---------------------------------------------------------------------------
// Trees

interface TreeRow {
  files: number;
  megabytes: number;
  check: Summary;
  rg?: Summary;
  grep: Summary;
  /** A bare Node program that reads every file and searches it for the tokens (read-floor.ts). */
  floor: Summary;
  checkPerRg?: number;
  checkPerGrep: number;
  checkPerFloor: number;
  floorPerGrep: number;
  migrate: Summary;
  parseOnly: Summary;
  migratePerParse: number;
}

/** The files a run reads and parses, for the parse-only pass. */
async function candidateList(root: string, files: number): Promise<string> {
  const list = join(CACHE, `candidates-${files}.txt`);
  const loaded = await loadDeployment([root], thanosPodLabelValues);
  writeFileSync(list, `${loaded.files.map((file) => file.path).join('\n')}\n`);
  return list;
}

function treeBytes(root: string): number {
  const result = spawnSync('du', ['-sb', root], { encoding: 'utf8' });
  return Number(result.stdout.split('\t')[0]);
}

const treeRows: TreeRow[] = [];
if (!args['only-scale']) {
  for (const files of SIZES) {
    log(`tree of ${files} files: generating (once) …`);
    const { root } = generateRepository(CACHE, files);
    const runs = files >= 100000 ? Math.min(RUNS, 3) : RUNS;
    spawnSync('grep', ['-rlE', '-e', PREFILTER_PATTERN, '.'], { cwd: root, stdio: 'ignore' }); // warm the page cache
    log(`tree of ${files} files: check, rg, grep (${runs} rounds) …`);
    const lint: Command[] = [
      tool('check', ['check', '--format', 'json', '.'], root),
      { name: 'grep', argv: ['grep', '-rlE', '-e', PREFILTER_PATTERN, '.'], cwd: root, okStatuses: [0, 1] },
      { name: 'node floor', argv: [NODE, READ_FLOOR, '.'], cwd: root },
    ];
    if (hasRg) lint.push({ name: 'rg', argv: ['rg', '-l', '-e', PREFILTER_PATTERN, '.'], cwd: root, okStatuses: [0, 1] });
    const lintResult = rounds(lint, runs, TIMEOUT);
    log(`tree of ${files} files: migrate, parse-only (${runs} rounds) …`);
    const list = await candidateList(root, files);
    const migrateResult = rounds([tool('migrate', ['migrate', '--quiet', '.'], root), { name: 'parse-only', argv: [NODE, PARSE_ONLY, root, list], cwd: root }], runs, TIMEOUT);
    treeRows.push({
      files,
      megabytes: treeBytes(root) / 1e6,
      check: lintResult.summaries[0]!,
      grep: lintResult.summaries[1]!,
      checkPerGrep: lintResult.ratios[1]!,
      floor: lintResult.summaries[2]!,
      checkPerFloor: lintResult.ratios[2]!,
      floorPerGrep: lintResult.summaries[2]!.seconds / lintResult.summaries[1]!.seconds,
      ...(hasRg ? { rg: lintResult.summaries[3]!, checkPerRg: lintResult.ratios[3]! } : {}),
      migrate: migrateResult.summaries[0]!,
      parseOnly: migrateResult.summaries[1]!,
      migratePerParse: migrateResult.ratios[1]!,
    });
  }
}

// ---------------------------------------------------------------------------
// Scale cases

interface ScaleRow {
  scale: ScaleCase;
  runs: [Summary, Summary];
  inputMb: number;
}

/** The input of `scale` at `n`, migrated with --write first when the case asks for it (once). */
function scaleDirectory(scale: ScaleCase, n: number): string {
  const dir = scaleInput(CACHE, scale, n);
  if (!scale.migrated) return dir;
  const migrated = `${dir}-migrated`;
  if (!existsSync(`${migrated}.complete`)) {
    rmSync(migrated, { recursive: true, force: true });
    cpSync(dir, migrated, { recursive: true });
    const result = spawnSync(NODE, [BIN, 'migrate', '--write', '--quiet', '.'], { cwd: migrated, stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw new Error(`migrate --write of ${migrated} exited with ${result.status}: ${result.stderr}`);
    writeFileSync(`${migrated}.complete`, `${n}\n`);
  }
  return migrated;
}

/**
 * A scale input's size, for the RSS bound: the bytes of all its files. The
 * issue bounds RSS by the largest input file: the same for one large file,
 * and for thousands of small ones a bound of a few kilobytes.
 */
function inputSizeMb(dir: string): number {
  const result = spawnSync('find', [dir, '-type', 'f', '-printf', '%s\n'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return result.stdout.trim().split('\n').reduce((sum, size) => sum + Number(size), 0) / 1024 / 1024;
}

const scaleRows: ScaleRow[] = [];
if (!args['no-scale']) {
  for (const scale of SCALE_CASES.filter((candidate) => args.case === undefined || candidate.name.includes(args.case))) {
    const measured: Summary[] = [];
    let inputMb = 0;
    for (const n of scale.sizes) {
      log(`${scale.name}, ${n} ${scale.unit} …`);
      const dir = scaleDirectory(scale, n);
      inputMb = inputSizeMb(dir);
      // A run past half a minute is not repeated: its median would take minutes and say the same.
      const first = repeated(tool(scale.name, [...scale.command, '.'], dir), 1, TIMEOUT);
      measured.push(first.seconds > 30 || first.timedOut ? first : repeated(tool(scale.name, [...scale.command, '.'], dir), Math.min(RUNS, 3), TIMEOUT));
      if (first.timedOut) break;
    }
    while (measured.length < 2) measured.push({ ...measured[0]!, timedOut: true });
    scaleRows.push({ scale, runs: measured as [Summary, Summary], inputMb });
  }
}

// ---------------------------------------------------------------------------
// Report

out(`thanos-gossip-migrate bench: ${cpus().length} cores, node ${process.version}, load average at the end ${loadavg()[0]!.toFixed(2)}`);
out(`start-up: --version ${s(versionSeconds)} s, node -e 0 ${s(startup.summaries[1]!.seconds)} s, ratio ${x(startup.ratios[1]!)}`);

if (treeRows.length > 0) {
  out();
  out('tree (files, MB)        check s  RSS MB    rg s  grep s  check/rg  check/grep  floor s  floor/grep  check/floor  migrate s  RSS MB  parse-only s  migrate/parse-only');
  for (const row of treeRows) {
    out(
      [
        `${row.files} files, ${row.megabytes.toFixed(0)} MB`.padEnd(22),
        s(row.check.seconds).padStart(8),
        mb(row.check.rssMb).padStart(7),
        (row.rg ? s(row.rg.seconds) : '-').padStart(7),
        s(row.grep.seconds).padStart(7),
        (row.checkPerRg === undefined ? '-' : x(row.checkPerRg)).padStart(9),
        x(row.checkPerGrep).padStart(11),
        s(row.floor.seconds).padStart(8),
        x(row.floorPerGrep).padStart(11),
        x(row.checkPerFloor).padStart(12),
        s(row.migrate.seconds).padStart(10),
        mb(row.migrate.rssMb).padStart(7),
        s(row.parseOnly.seconds).padStart(13),
        x(row.migratePerParse).padStart(19),
      ].join(' '),
    );
  }
  if (!hasRg) out('rg: not installed (Debian package ripgrep), check/rg not measured');
  out('floor: a bare Node program that walks the tree and reads every file, nothing else (bench/read-floor.ts)');
  for (let i = 1; i < treeRows.length; i++) {
    const [a, b] = [treeRows[i - 1]!, treeRows[i]!];
    const exponent = (pick: (row: TreeRow) => Summary) => growthExponent(a.files, pick(a).seconds - versionSeconds, b.files, pick(b).seconds - versionSeconds).toFixed(2);
    out(`growth exponent ${a.files} -> ${b.files} files (time less start-up): check ${exponent((row) => row.check)}, migrate ${exponent((row) => row.migrate)}`);
  }
  for (const row of treeRows) {
    if (row.files >= 10000) verdict(`check / grep, ${row.files} files`, x(row.checkPerGrep), '1.50x', row.checkPerGrep <= 1.5);
  }
  const rss = treeRows.map((row) => Math.max(row.check.rssMb, row.migrate.rssMb));
  if (treeRows.length > 1) {
    const growth = rss[rss.length - 1]! / rss[0]!;
    verdict(`peak RSS ${treeRows[treeRows.length - 1]!.files} / ${treeRows[0]!.files} files`, x(growth), '1.25x', growth <= 1.25);
  }
}

if (scaleRows.length > 0) {
  out();
  out('scale case (time less start-up)        size 1         s  RSS MB       size 2         s  RSS MB  exponent  n log n');
  for (const { scale, runs } of scaleRows) {
    const [n1, n2] = scale.sizes;
    const [a, b] = runs;
    const shown = (summary: Summary) => (summary.timedOut ? `>${TIMEOUT}` : s(summary.seconds));
    const exponent = a.timedOut || b.timedOut ? Infinity : growthExponent(n1, Math.max(a.seconds - versionSeconds, 0.01), n2, Math.max(b.seconds - versionSeconds, 0.01));
    const limit = nLogNExponent(n1, n2);
    out(
      [
        scale.name.padEnd(34),
        `${n1} ${scale.unit}`.padStart(14),
        shown(a).padStart(8),
        mb(a.rssMb).padStart(7),
        `${n2} ${scale.unit}`.padStart(14),
        shown(b).padStart(8),
        mb(b.rssMb).padStart(7),
        (Number.isFinite(exponent) ? exponent.toFixed(2) : '-').padStart(9),
        limit.toFixed(2).padStart(8),
      ].join(' '),
    );
    verdict(`${scale.name}: growth ${n1} -> ${n2} ${scale.unit}`, Number.isFinite(exponent) ? exponent.toFixed(2) : 'timed out', `${limit.toFixed(2)} (n log n)`, exponent <= limit);
  }
  for (const { scale, runs, inputMb } of scaleRows) {
    const peak = Math.max(runs[0].rssMb, runs[1].rssMb);
    const bound = versionRss + 10 * inputMb;
    verdict(`${scale.name}: peak RSS`, `${mb(peak)} MB`, `${mb(bound)} MB (start-up + 10x the input, ${inputMb.toFixed(1)} MB)`, peak <= bound && !runs[1].timedOut);
  }
  const byName = new Map(scaleRows.map((row) => [row.scale.name, row.runs[1]]));
  const workloads = byName.get('one file of workloads, check');
  if (workloads) verdict('one file of 30,000 workloads, check', workloads.timedOut ? 'timed out' : `${s(workloads.seconds)} s`, '10 s', !workloads.timedOut && workloads.seconds <= 10);
  const before = byName.get('all-edit tree, check');
  const after = byName.get('all-edit tree migrated, check');
  if (before && after) {
    const ratio = after.seconds / before.seconds;
    verdict('all-edit tree, check migrated / unmigrated', after.timedOut ? 'timed out' : x(ratio), '1.50x', !after.timedOut && ratio <= 1.5);
  }
}

out();
out('check                                                        value        limit');
for (const check of CHECKS) out(`${check.ok ? 'ok  ' : 'OVER'} ${check.name.padEnd(56)} ${check.value.padStart(10)}  ${check.limit}`);
process.exitCode = CHECKS.every((check) => check.ok) ? 0 : 1;
