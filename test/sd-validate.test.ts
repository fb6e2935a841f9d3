// validateSdFile: Prometheus file_sd and Thanos endpoint config, as Thanos reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSdFile, endpointAddressError, type SdValidation } from '../src/sd/validate.js';

type Schema = 'file-sd' | 'endpoint-config';
interface Case {
  name: string;
  file: string;
  schema: Schema;
  text: string;
  want: SdValidation;
}

// Columns are 1-based and point at the value itself (inside quotes).
const ep = (address: string, line: number, column: number) => ({ address, line, column });
const inv = (line: number, column: number, message: string) => ({ line, column, message, kind: 'invalid' as const });
const bad = (line: number, column: number, message: string) => ({ line, column, message, kind: 'malformed-endpoint' as const });
const dup = (line: number, column: number, address: string) => ({ line, column, message: `duplicate endpoint ${address}`, kind: 'duplicate-endpoint' as const });

const cases: Case[] = [
  {
    name: 'valid YAML file_sd with labels',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets:\n    - 10.0.0.1:10901\n    - "store-0.thanos:10901"\n  labels:\n    cluster: eu1\n    __meta_x: "y"\n',
    want: { endpoints: [ep('10.0.0.1:10901', 2, 7), ep('store-0.thanos:10901', 3, 8)], problems: [] },
  },
  {
    name: 'valid JSON file_sd',
    file: 'sd.json',
    schema: 'file-sd',
    text: '[\n  {"targets": ["localhost:9090", "example.org:443"], "labels": {"job": "x"}}\n]\n',
    want: { endpoints: [ep('localhost:9090', 2, 17), ep('example.org:443', 2, 35)], problems: [] },
  },
  {
    name: 'JSON field names match case-insensitively (encoding/json)',
    file: 'SD.JSON',
    schema: 'file-sd',
    text: '[{"Targets": ["a:1"]}]',
    want: { endpoints: [ep('a:1', 1, 16)], problems: [] },
  },
  { name: 'empty YAML file', file: 'sd.yml', schema: 'file-sd', text: '', want: { endpoints: [], problems: [] } },
  { name: 'comments-only YAML file', file: 'sd.yml', schema: 'file-sd', text: '# nothing yet\n', want: { endpoints: [], problems: [] } },
  { name: 'empty list', file: 'sd.yaml', schema: 'file-sd', text: '[]\n', want: { endpoints: [], problems: [] } },
  {
    name: 'empty JSON file is not JSON (encoding/json)',
    file: 'sd.json',
    schema: 'file-sd',
    text: '',
    want: { endpoints: [], problems: [inv(1, 1, 'invalid JSON: unexpected end of JSON input')] },
  },
  {
    name: 'group with null targets and labels',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets:\n  labels:\n',
    want: { endpoints: [], problems: [] },
  },
  {
    name: 'unknown field in a YAML group (UnmarshalStrict)',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets: [a:1]\n  target: [b:2]\n',
    want: { endpoints: [ep('a:1', 1, 13)], problems: [inv(2, 3, 'unknown field "target" in target group (allowed: targets, labels)')] },
  },
  {
    name: 'unknown field in a JSON group (DisallowUnknownFields)',
    file: 'sd.json',
    schema: 'file-sd',
    text: '[{"targets": ["a:1"], "source": "x"}]',
    want: { endpoints: [ep('a:1', 1, 16)], problems: [inv(1, 24, 'unknown field "source" in target group (allowed: targets, labels)')] },
  },
  {
    name: 'non-string targets',
    file: 'sd.json',
    schema: 'file-sd',
    text: '[{"targets": [10901, {"a": 1}]}]',
    want: {
      endpoints: [],
      problems: [inv(1, 15, 'a target must be a string, found a number'), inv(1, 22, 'a target must be a string, found a mapping')],
    },
  },
  {
    name: 'YAML scalars decode into strings (yaml.v2): a bare number is a target without a port',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets: [10901, [a:1]]\n',
    want: {
      endpoints: [ep('10901', 1, 13)],
      problems: [bad(1, 13, '"10901" has no port (expected host:port)'), inv(1, 20, 'a target must be a string, found a list')],
    },
  },
  {
    name: 'targets not a list',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets: a:1\n',
    want: { endpoints: [], problems: [inv(1, 12, '`targets` must be a list of strings, found "a:1"')] },
  },
  {
    name: 'bad label names and a non-string label value',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets: [a:1]\n  labels:\n    job-name: x\n    1st: y\n    ok: {a: b}\n',
    want: {
      endpoints: [ep('a:1', 1, 13)],
      problems: [
        inv(3, 5, '"job-name" is not a valid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)'),
        inv(4, 5, '"1st" is not a valid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)'),
        inv(5, 9, 'the value of label "ok" must be a string, found a mapping'),
      ],
    },
  },
  {
    name: 'top level not a list; a null group; a scalar group',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: 'targets: [a:1]\n',
    want: { endpoints: [], problems: [inv(1, 1, 'a file_sd file is a list of target groups, found a mapping')] },
  },
  {
    name: 'null and scalar groups',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- ~\n- a:1\n',
    want: {
      endpoints: [],
      problems: [
        inv(1, 3, 'nil target group item found'),
        inv(2, 3, 'a target group is a mapping with `targets` and optional `labels`, found "a:1"'),
      ],
    },
  },
  {
    // both were placed at the end of the item before them, on the line above
    name: 'an empty group or target is reported on its own line',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets:\n    - "a:1"\n    -\n-\n',
    want: {
      endpoints: [ep('a:1', 2, 8), ep('', 3, 6)],
      problems: [bad(3, 6, 'empty address'), inv(4, 2, 'nil target group item found')],
    },
  },
  {
    name: 'aliases: a group and a target read as what they name, a scalar alias at its `*`',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- &g\n  targets: [&t a:1, *t]\n- *g\n',
    want: {
      endpoints: [ep('a:1', 2, 16), ep('a:1', 2, 21), ep('a:1', 2, 16), ep('a:1', 2, 21)],
      problems: [dup(2, 16, 'a:1'), dup(2, 21, 'a:1'), dup(2, 21, 'a:1')],
    },
  },
  {
    name: 'extension other than .json/.yml/.yaml (read as YAML for the rest)',
    file: 'sd.txt',
    schema: 'file-sd',
    text: '- targets: [a:1]\n',
    want: { endpoints: [ep('a:1', 1, 13)], problems: [inv(1, 1, 'file_sd files must end in .json, .yml or .yaml; "sd.txt" is not read')] },
  },
  {
    name: 'malformed endpoints',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets:\n  - store\n  - http://x:1\n  - x:0\n  - x:70000\n  - "a b:1"\n  - ::1:10901\n  - x:port\n',
    want: {
      endpoints: [ep('store', 2, 5), ep('http://x:1', 3, 5), ep('x:0', 4, 5), ep('x:70000', 5, 5), ep('a b:1', 6, 6), ep('::1:10901', 7, 5), ep('x:port', 8, 5)],
      problems: [
        bad(2, 5, '"store" has no port (expected host:port)'),
        bad(3, 5, '"http://x:1" has a URL scheme (http://); a gRPC endpoint is host:port'),
        bad(4, 5, 'port 0 of "x:0" is out of range (1-65535)'),
        bad(5, 5, 'port 70000 of "x:70000" is out of range (1-65535)'),
        bad(6, 6, '"a b:1" contains whitespace'),
        bad(7, 5, '"::1:10901" has too many colons (write IPv6 addresses in brackets, e.g. [::1]:10901)'),
        bad(8, 5, 'port "port" of "x:port" is not a number'),
      ],
    },
  },
  {
    name: 'DNS SD forms and IPv6',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets:\n  - dns+thanos-store.monitoring.svc:10901\n  - dnssrv+_grpc._tcp.thanos-store.monitoring.svc\n  - dnssrvnoa+_grpc._tcp.store\n  - "[::1]:10901"\n  - dns+store\n  - srv+store:1\n  - dnssrv+\n',
    want: {
      endpoints: [
        ep('dns+thanos-store.monitoring.svc:10901', 2, 5),
        ep('dnssrv+_grpc._tcp.thanos-store.monitoring.svc', 3, 5),
        ep('dnssrvnoa+_grpc._tcp.store', 4, 5),
        ep('[::1]:10901', 5, 6),
        ep('dns+store', 6, 5),
        ep('srv+store:1', 7, 5),
        ep('dnssrv+', 8, 5),
      ],
      problems: [
        bad(6, 5, '"dns+store" has no port (expected dns+host:port)'),
        bad(7, 5, 'unknown lookup prefix "srv+" in "srv+store:1" (use dns+, dnssrv+ or dnssrvnoa+)'),
        bad(8, 5, '"dnssrv+" has no name to look up'),
      ],
    },
  },
  {
    name: 'duplicates across groups: the second is reported',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets: [a:1, b:2]\n- targets: [b:2]\n  labels: {x: y}\n- targets: [a:1]\n',
    want: {
      endpoints: [ep('a:1', 1, 13), ep('b:2', 1, 18), ep('b:2', 2, 13), ep('a:1', 4, 13)],
      problems: [dup(2, 13, 'b:2'), dup(4, 13, 'a:1')],
    },
  },
  {
    name: 'endpoint config: valid, unknown keys ignored (yaml.v3 Unmarshal is not strict)',
    file: 'endpoints.yaml',
    schema: 'endpoint-config',
    text:
      'default_client_config:\n  compression: snappy\n  tls_config:\n    enabled: true\nendpoints:\n  - address: sidecar-0:10901\n  - address: dnssrv+_grpc._tcp.store\n    group: true\n    service_config: "{}"\n  - address: "rule:10901"\n    strict: true\n    client_config:\n      compression: none\nendpoint_groups: []\n',
    want: { endpoints: [ep('sidecar-0:10901', 6, 14), ep('dnssrv+_grpc._tcp.store', 7, 14), ep('rule:10901', 10, 15)], problems: [] },
  },
  { name: 'endpoint config: empty', file: 'e.yaml', schema: 'endpoint-config', text: '', want: { endpoints: [], problems: [] } },
  {
    name: 'endpoint config: invalid entries',
    file: 'e.yaml',
    schema: 'endpoint-config',
    text:
      'endpoints:\n  - store:10901\n  - address: dns+store:10901\n    strict: true\n  - address: q:1\n    service_config: "{}"\n  - address: r:1\n    group: maybe\n    client_config: {compression: gzip}\n  - strict: false\n  - address: q:1\n  - address: http://x:1\n',
    want: {
      endpoints: [ep('dns+store:10901', 3, 14), ep('q:1', 5, 14), ep('r:1', 7, 14), ep('q:1', 11, 14), ep('http://x:1', 12, 14)],
      problems: [
        inv(2, 5, 'an endpoint entry is a mapping with `address:`, found "store:10901" (write `- address: store:10901`)'),
        inv(3, 14, 'dns+store:10901 is a dynamically specified endpoint (DNS SD), which strict mode does not permit'),
        inv(6, 22, 'q:1: service_config is only valid for endpoint groups (group: true)'),
        inv(8, 12, '`group` must be true or false, found "maybe"'),
        inv(9, 34, "invalid compression \"gzip\" in `client_config.compression`, must be 'none' or 'snappy'"),
        bad(10, 5, 'endpoint entry has no address'),
        dup(11, 14, 'q:1'),
        bad(12, 14, '"http://x:1" has a URL scheme (http://); a gRPC endpoint is host:port'),
      ],
    },
  },
  {
    name: 'endpoint config: a file_sd list is not an endpoint config',
    file: 'e.yaml',
    schema: 'endpoint-config',
    text: '- targets: [a:1]\n',
    want: { endpoints: [], problems: [inv(1, 1, 'an endpoint config is a mapping with `endpoints:`, found a list')] },
  },
  {
    name: 'YAML parse error: js-yaml mark line/column',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets: [a:1\n  - b:2\n',
    want: { endpoints: [], problems: [inv(2, 3, 'invalid YAML: deficient indentation')] },
  },
  {
    name: 'YAML duplicate key',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets: [a:1]\n  targets: [b:1]\n',
    want: { endpoints: [], problems: [inv(2, 3, 'invalid YAML: duplicated mapping key')] },
  },
  {
    name: 'JSON parse error: line/column from the position',
    file: 'sd.json',
    schema: 'file-sd',
    text: '[\n  {"targets": ["a:1",]}\n]\n',
    want: { endpoints: [], problems: [inv(2, 22, 'invalid JSON: unexpected "]", expected a value')] },
  },
  {
    name: 'JSON trailing garbage',
    file: 'sd.json',
    schema: 'file-sd',
    text: '[]\n]',
    want: { endpoints: [], problems: [inv(2, 1, 'invalid JSON: unexpected "]" after top-level value')] },
  },
  {
    name: 'CRLF line endings keep line numbers',
    file: 'sd.yaml',
    schema: 'file-sd',
    text: '- targets:\r\n    - a:1\r\n    - a:1\r\n',
    want: { endpoints: [ep('a:1', 2, 7), ep('a:1', 3, 7)], problems: [dup(3, 7, 'a:1')] },
  },
];

for (const c of cases) {
  test(`validateSdFile: ${c.name}`, () => {
    assert.deepEqual(validateSdFile(c.text, c.file, c.schema), c.want);
  });
}

test('endpointAddressError accepts the Thanos forms', () => {
  for (const ok of ['a:1', 'a.b-c_d:65535', '10.0.0.1:10901', '[::1]:10901', 'dns+a:1', 'dnssrv+_grpc._tcp.a', 'dnssrv+a:1', 'dnssrvnoa+a']) {
    assert.equal(endpointAddressError(ok), null, ok);
  }
  for (const no of ['', 'a', ':1', 'a:', 'a:65536', 'grpc://a:1', 'a:1/x', 'dns+', 'a:1 ', '[::1]']) {
    assert.notEqual(endpointAddressError(no), null, no);
  }
});
