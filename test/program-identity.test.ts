// Program words resolved like a shell would: which command lines are Thanos,
// how sure the tool is, and why; and which belong to a named other program.
// Each row is a script (or unit) and what the tool must conclude about its
// last command.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, DEFAULT_MIGRATION_OPTIONS, type SourceFile } from '../src/index.js';
import { identifyProgram } from '../src/analysis/invocations.js';
import { readCarriers } from '../src/carriers/index.js';

const sh = (text: string): SourceFile => ({ path: 'run.sh', text: `#!/bin/sh\n${text}\n`, kind: 'shell' });

const THANOS_ROWS: [string, SourceFile, string, 'named' | 'likely', string][] = [
  ['a variable with a default', sh('THANOS_BIN="${THANOS_BIN:-/opt/thanos/bin/thanos}"\n"$THANOS_BIN" sidecar --cluster.peers a:10900'), 'sidecar', 'named', '$THANOS_BIN is /opt/thanos/bin/thanos (line 2)'],
  ['${X} after X=', sh('THANOS=./thanos\n${THANOS} query --cluster.peers a:10900'), 'query', 'named', '${THANOS} is ./thanos (line 2)'],
  ['export X=', sh('export THANOS=/usr/bin/thanos\n$THANOS store --cluster.peers a:10900'), 'store', 'named', '$THANOS is /usr/bin/thanos (line 2)'],
  [': "${X:=…}"', sh(': "${THANOS:=/usr/local/bin/thanos}"\n"$THANOS" rule --cluster.peers a:10900'), 'rule', 'named', '$THANOS is /usr/local/bin/thanos (line 2)'],
  ['a default over an earlier value', sh('BIN=/srv/thanos\nBIN="${BIN:-/usr/bin/thanos}"\n"$BIN" store --cluster.peers a:10900'), 'store', 'named', '$BIN is /srv/thanos (line 2, 3)'],
  ['exec', sh('THANOS=/usr/bin/thanos\nexec "$THANOS" store --cluster.peers a:10900'), 'store', 'named', '$THANOS is /usr/bin/thanos (line 2)'],
  ['command', sh('THANOS=/usr/bin/thanos\ncommand "$THANOS" store --cluster.peers a:10900'), 'store', 'named', '$THANOS is /usr/bin/thanos (line 2)'],
  ['env VAR=… prog', sh('env GOMAXPROCS=2 thanos store --cluster.peers a:10900'), 'store', 'named', 'thanos'],
  ['timeout N prog', sh('timeout 30 /usr/bin/thanos store --cluster.peers a:10900'), 'store', 'named', '/usr/bin/thanos'],
  ['a variable the script never sets', sh('${THANOS_EXECUTABLE} query --http-address 0.0.0.0:10902 --cluster.peers a:10900'), 'query', 'likely', "${THANOS_EXECUTABLE} is only known at run time, but `query` and its flags are Thanos's"],
  ['a variable set from a command', sh('THANOS=$(command -v thanos)\n"$THANOS" store --cluster.peers a:10900'), 'store', 'likely', "$THANOS is only known at run time, but `store` and its flags are Thanos's"],
  ['a versioned binary', sh('./thanos-0.3.2 sidecar --tsdb.path /data --cluster.peers a:10900'), 'sidecar', 'likely', "./thanos-0.3.2 is not named thanos, but `sidecar` and its flags are Thanos's"],
  ['a prototype receiver', sh('./thanos-remote-receive receiver --grpc-address 0.0.0.0:19091 --cluster.peers 127.0.0.1:19391'), 'receive', 'likely', './thanos-remote-receive is not thanos, but serves --grpc-address and joined the gossip mesh: a StoreAPI built on Thanos'],
  [
    'systemd Environment=',
    { path: 'thanos-store.service', text: '[Service]\nEnvironment=THANOS=/usr/bin/thanos\nExecStart=${THANOS} store --cluster.peers a:10900\n', kind: 'systemd' },
    'store',
    'named',
    '/usr/bin/thanos',
  ],
];

for (const [name, file, component, identified, identifiedBy] of THANOS_ROWS) {
  test(`Thanos: ${name}`, () => {
    const invocations = analyze([file], DEFAULT_MIGRATION_OPTIONS).invocations;
    assert.equal(invocations.length, 1);
    const [invocation] = invocations;
    assert.deepEqual([invocation!.component, invocation!.identified, invocation!.identifiedBy], [component, identified, identifiedBy]);
  });
}

const NOT_THANOS_ROWS: [string, string, ReturnType<typeof identifyProgram>][] = [
  ['Alertmanager through a variable', 'AM=/opt/alertmanager/alertmanager\nexec "$AM" --cluster.peer=a:9094', { kind: 'other', name: 'Alertmanager' }],
  ['an Alertmanager image', 'docker run -d prom/alertmanager:v0.15.3 --cluster.peer=a:9094', { kind: 'other', name: 'Alertmanager' }],
  ['a search for the flag', 'grep -rn -- --cluster.peers /etc/default', { kind: 'other', name: 'grep (a search)' }],
  ['a text writer is not an identification', 'echo "--cluster.peers=a:10900" >> /etc/default/thanos', { kind: 'unknown', program: 'echo' }],
  ['an unknown program with other flags', '"$RUNNER" --cluster.peers a:10900 --verbose', { kind: 'unknown', program: '$RUNNER' }],
  ['a Thanos subcommand with a flag Thanos never had', '"$BIN" query --cluster.peers a:10900 --no-such-flag', { kind: 'unknown', program: '$BIN' }],
];

for (const [name, script, expected] of NOT_THANOS_ROWS) {
  test(`not Thanos: ${name}`, () => {
    const carriers = readCarriers([sh(script)]).carriers;
    assert.deepEqual(identifyProgram(carriers[carriers.length - 1]!), expected);
  });
}
