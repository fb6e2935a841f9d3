// npm run bench: wall time and peak RSS of check, grep, a parse-only pass,
// migrate and --version on a generated repository, with the ratios the
// project holds itself to. Each command runs 3 times; the median counts.
// Needs GNU time (/usr/bin/time, Debian package `time`).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRepository } from './generate.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'thanos-gossip-migrate.js');
const PARSE_ONLY = join(ROOT, 'dist', 'bench', 'parse-only.js');
const RUNS = 3;

interface Measure {
  seconds: number;
  rssMb: number;
}

function measure(command: string[], cwd: string): Measure {
  const samples: Measure[] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
    const line = result.stderr.trim().split('\n').pop() ?? '';
    const [seconds, kb] = line.split(' ').map(Number);
    if (!Number.isFinite(seconds) || !Number.isFinite(kb)) throw new Error(`could not measure ${command.join(' ')}: ${result.stderr}`);
    samples.push({ seconds: seconds!, rssMb: kb! / 1024 });
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  return samples[Math.floor(RUNS / 2)]!;
}

if (!existsSync('/usr/bin/time')) {
  process.stderr.write('bench needs GNU time at /usr/bin/time (apt-get install -y time)\n');
  process.exit(2);
}

const results = new Map<string, Measure>();
const rows: [string, Measure][] = [];
for (const count of [1000, 10000]) {
  const dir = join(tmpdir(), `tgm-bench-${count}`);
  process.stderr.write(`generating ${count} files in ${dir} (cached between runs)\n`);
  const { thanosDir } = generateRepository(dir, count);
  spawnSync('grep', ['-rlE', 'cluster\\.|thanos', dir]); // warm the page cache
  const add = (name: string, command: string[]) => {
    const m = measure(command, dir);
    results.set(`${name}@${count}`, m);
    rows.push([`${name} (${count} files)`, m]);
  };
  add('check', [process.execPath, BIN, 'check', '--format', 'json', '--output-file', '/dev/null', dir]);
  if (count === 10000) {
    add('grep -rlE', ['grep', '-rlE', 'cluster\\.|thanos', dir]);
    add('parse-only (all YAML)', [process.execPath, PARSE_ONLY, dir]);
    add('migrate preview (Thanos files)', [process.execPath, BIN, 'migrate', '--quiet', thanosDir]);
    add('--version', [process.execPath, BIN, '--version']);
    add('node -e 0', [process.execPath, '-e', '0']);
  }
}

const width = Math.max(...rows.map(([name]) => name.length));
process.stdout.write(`${'command'.padEnd(width)}  wall (s)  peak RSS (MB)\n`);
for (const [name, m] of rows) process.stdout.write(`${name.padEnd(width)}  ${m.seconds.toFixed(2).padStart(8)}  ${m.rssMb.toFixed(1).padStart(13)}\n`);

const get = (key: string) => results.get(key)!;
const ratios: [string, number, number][] = [
  ['check / grep', get('check@10000').seconds / get('grep -rlE@10000').seconds, 3],
  ['migrate / parse-only', get('migrate preview (Thanos files)@10000').seconds / get('parse-only (all YAML)@10000').seconds, 1.5],
  ['--version / node -e 0', get('--version@10000').seconds / Math.max(get('node -e 0@10000').seconds, 0.01), 1.5],
  ['check RSS 10,000 / 1,000 files', get('check@10000').rssMb / get('check@1000').rssMb, 1.3],
];
process.stdout.write('\nratio                            value  limit\n');
let failed = false;
for (const [name, value, limit] of ratios) {
  const ok = value <= limit;
  failed ||= !ok;
  process.stdout.write(`${name.padEnd(31)}  ${value.toFixed(2).padStart(5)}  ${limit.toFixed(1).padStart(5)}  ${ok ? 'ok' : 'OVER'}\n`);
}
const peak = Math.max(...rows.filter(([name]) => /^(check|migrate|--version)/.test(name)).map(([, m]) => m.rssMb));
process.stdout.write(`peak RSS of the tool: ${peak.toFixed(1)} MB (limit 200)${peak < 200 ? '' : ' OVER'}\n`);
process.exitCode = failed || peak >= 200 ? 1 : 0;
