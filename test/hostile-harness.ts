// The harness of the hostile-input catalogue: one temp root per kind with
// the input tree (`tree/`, holding the hostile files and run.sh, a gossip-era
// script that must be migrated whatever happens to its neighbours) and a
// sibling `outside/` that must stay unread and unchanged. Runs are
// in-process (`main`) where they can be, and in a child only where the
// process boundary is the point (a FIFO that could block the test process,
// stdin, another user). Each run's wall time and peak RSS are measured.
//
// "Unread" is checked twice: every path this process opens or lists is
// recorded (fs is wrapped, so named imports see the wrapper too), and the
// outside files' access times are set in the past, so any read of them from
// anywhere (the check worker, a child) moves them.

import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { spawnSync } from 'node:child_process';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readable } from 'node:stream';
import { BIN, ROOT, runMain, tempDir } from './support.js';

export const RUN_SH = '#!/bin/sh\n./thanos sidecar \\\n  --tsdb.path=/data \\\n  --cluster.peers=10.0.0.1:10900 &\n';
export const RUN_SH_MIGRATED = '#!/bin/sh\n./thanos sidecar \\\n  --tsdb.path=/data &\n';
export const OUTSIDE_CANARY = 'outside-canary';
const OUTSIDE_FILES: Record<string, string> = {
  'x.yaml': `- targets: ["${OUTSIDE_CANARY}.example:10901"]\n`,
  'shadow': `root:${OUTSIDE_CANARY}:19000:0:99999:7:::\n`,
  '.thanos-gossip-migrate.yaml': '',
};
const PAST = new Date('2001-02-03T04:05:06Z');
const MEASURE = join(ROOT, 'dist', 'test', 'measure-exit.js');
const TIME_LIMIT_MS = 10_000;
/** What the tool itself may read: its own package and its dependencies (the module loader reads through fs). */
const TOOL_DIRS = [ROOT, fs.realpathSync(join(ROOT, 'node_modules'))];
const RSS_LIMIT_KB = 500 * 1024;

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  tree: string;
  outside: string;
  ms: number;
  maxRssKb: number;
}

export interface Run {
  argv: string[];
  stdin?: string | Buffer | (() => Readable);
  /** Run the real bin in a child process. */
  spawn?: boolean;
  /** For a child: run as this user (the kernel's own refusal, which root does not get). */
  uid?: number;
}

// ---- reads this process makes -------------------------------------------

const opened: string[] = [];

function record(path: unknown): void {
  if (typeof path === 'string') opened.push(resolve(path));
  else if (Buffer.isBuffer(path)) opened.push(resolve(path.toString('utf8')));
  else if (path instanceof URL) opened.push(path.pathname);
}

function wrap(target: Record<string, unknown>, names: string[]): void {
  for (const name of names) {
    const original = target[name] as (...args: unknown[]) => unknown;
    target[name] = function (this: unknown, path: unknown, ...rest: unknown[]) {
      record(path);
      return original.call(this, path, ...rest);
    };
  }
}

wrap(fs as unknown as Record<string, unknown>, ['openSync', 'readFileSync', 'readdirSync', 'opendirSync', 'open', 'readFile', 'readdir', 'opendir', 'createReadStream']);
wrap(fs.promises as unknown as Record<string, unknown>, ['open', 'readFile', 'readdir', 'opendir']);
syncBuiltinESMExports();

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

// ---- the outside sentinel -----------------------------------------------

/** Whether this file system records reads in access times (relatime does, for an atime before the mtime). */
export const ATIME_WORKS = (() => {
  const dir = tempDir('atime');
  const probe = join(dir, 'probe');
  fs.writeFileSync(probe, 'x');
  fs.utimesSync(probe, PAST, new Date());
  fs.readFileSync(probe);
  return fs.statSync(probe).atimeMs !== PAST.getTime();
})();

function snapshot(dir: string): string {
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => {
      const stats = fs.statSync(join(dir, name));
      return `${name} ${stats.size} ${stats.mtimeMs} ${fs.readFileSync(join(dir, name), 'latin1')}`;
    })
    .join('\n');
}

// ---- one run --------------------------------------------------------------

/**
 * The Node that runs the tool as another user: the test's own, unless it
 * lives under /root (CI's node@22/node@24 from npx), which `nobody` cannot
 * execute; then the machine's own Node.
 */
function nodeFor(uid: number | undefined): string {
  if (uid === undefined || !process.execPath.startsWith('/root/')) return process.execPath;
  return ['/usr/local/bin/node', '/usr/bin/node'].find((path) => fs.existsSync(path)) ?? process.execPath;
}

/** Sets up `tree/` and `outside/`, runs once, and checks what every kind must hold: unread and unchanged outside, time, memory. */
export async function runKind(setup: (tree: string) => void, run: Run): Promise<Outcome> {
  const root = tempDir('hostile');
  const tree = join(root, 'tree');
  const outside = join(root, 'outside');
  fs.mkdirSync(tree);
  fs.mkdirSync(outside);
  fs.writeFileSync(join(tree, 'run.sh'), RUN_SH);
  for (const [name, text] of Object.entries(OUTSIDE_FILES)) fs.writeFileSync(join(outside, name), text);
  setup(tree);
  for (const name of Object.keys(OUTSIDE_FILES)) fs.utimesSync(join(outside, name), PAST, PAST);
  // The snapshot reads the outside files: only after it are their access times set back for the run.
  const before = snapshot(outside);
  for (const name of Object.keys(OUTSIDE_FILES)) fs.utimesSync(join(outside, name), PAST, PAST);
  opened.length = 0;

  const started = performance.now();
  let outcome: Omit<Outcome, 'ms' | 'tree' | 'outside'>;
  if (run.spawn) {
    const input = typeof run.stdin === 'function' ? undefined : run.stdin;
    const child = spawnSync(nodeFor(run.uid), ['--import', pathToFileURL(MEASURE).href, BIN, ...run.argv], {
      cwd: tree,
      input: input ?? '',
      encoding: 'utf8',
      // Wide enough that stylish never wraps a message the rows below match whole.
      env: { ...process.env, NO_COLOR: '1', COLUMNS: '1000' },
      timeout: TIME_LIMIT_MS * 3,
      maxBuffer: 1 << 28,
      ...(run.uid !== undefined ? { uid: run.uid, gid: run.uid } : {}),
    });
    const rss = /\nMAXRSS=(\d+)\n$/.exec(child.stderr ?? '');
    outcome = { code: child.status, stdout: child.stdout ?? '', stderr: (child.stderr ?? '').replace(/\nMAXRSS=\d+\n$/, ''), maxRssKb: rss ? Number(rss[1]) : Number.NaN };
  } else {
    const stdin = typeof run.stdin === 'function' ? run.stdin() : run.stdin;
    const { status: code, stdout, stderr } = await runMain(run.argv, tree, { COLUMNS: '1000' }, stdin);
    outcome = { code, stdout, stderr, maxRssKb: process.resourceUsage().maxRSS };
  }
  const ms = performance.now() - started;

  // /proc/self: the write path's own start time and the directory handle it writes the tree through (src/write/directory.ts).
  const strayReads = opened.filter((path) => !isInside(path, tree) && !TOOL_DIRS.some((dir) => isInside(path, dir)) && !path.startsWith('/proc/self/'));
  if (strayReads.length > 0) throw new Error(`read outside the tree: ${strayReads.join(', ')}`);
  if (ATIME_WORKS) {
    for (const name of Object.keys(OUTSIDE_FILES)) {
      if (fs.statSync(join(outside, name)).atimeMs !== PAST.getTime()) throw new Error(`outside/${name} was read`);
    }
  }
  if (snapshot(outside) !== before) throw new Error('outside/ changed');
  if (`${outcome.stdout}${outcome.stderr}`.includes(OUTSIDE_CANARY)) throw new Error('a file outside the tree was echoed');
  if (!(ms < TIME_LIMIT_MS)) throw new Error(`took ${ms.toFixed(0)} ms`);
  if (!(outcome.maxRssKb < RSS_LIMIT_KB)) throw new Error(`peak RSS ${outcome.maxRssKb} KB`);
  return { ...outcome, ms, tree, outside };
}
