// The `check` reporters: for each format the exact text for one fixed input
// (findings in two files, one parse problem, one message carrying every
// character that needs escaping somewhere), plus the properties each format
// promises: SARIF valid against the 2.1.0 schema, JUnit well-formed XML,
// GitHub commands that cannot be broken out of.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { SaxesParser } from 'saxes';
import { FORMATS, REPORTERS, isFormat } from '../src/output/reporters/index.js';
import type { ReportInput, ReportPalette } from '../src/output/reporters/index.js';
import { artifactLocation } from '../src/output/reporters/sarif.js';
import { escapeJsonText } from '../src/output/escape.js';

const PLAIN: ReportPalette = { red: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };
/** Makes colour visible in an expected string: red(x) is written `<r>x</r>`. */
const TAGS: ReportPalette = {
  red: (s) => `<r>${s}</r>`,
  yellow: (s) => `<y>${s}</y>`,
  dim: (s) => `<d>${s}</d>`,
  bold: (s) => `<b>${s}</b>`,
  underline: (s) => `<u>${s}</u>`,
};

const TRICKY = 'peers "a:1,b:2" resolve to <nothing> & 100% of stores vanish:\nsee --explain endpoint-unresolved';

const INPUT: ReportInput = {
  findings: [
    {
      ruleId: 'loopback-unreachable', messageId: 'loopbackOnly', data: { address: '127.0.0.1:10901' }, severity: 'warning', path: 'deploy/query.yaml',
      line: 9, column: 13, endLine: 9, endColumn: 40, message: 'store 127.0.0.1:10901 is on loopback', fixable: false,
    },
    {
      ruleId: 'gossip-flag', messageId: 'removed', data: { flag: '--cluster.peers', component: 'query' }, severity: 'error', path: 'deploy/query.yaml',
      line: 12, column: 5, endLine: 12, endColumn: 34, message: 'gossip flag --cluster.peers: Thanos >= v0.5.0 refuses it', fixable: true,
    },
    {
      ruleId: 'gossip-flag', messageId: 'kept', data: { flag: '--cluster.disable' }, severity: 'info', path: 'systemd/thanos sidecar.service',
      line: 4, column: 41, endLine: 4, endColumn: 58, message: '--cluster.disable will be dropped', fixable: true,
    },
    {
      ruleId: 'endpoint-unresolved', messageId: 'unresolved', data: { consumers: ['thanos query a', 'thanos query b'], count: 2 }, severity: 'error', path: 'systemd/thanos sidecar.service',
      line: 4, column: 60, endLine: 5, endColumn: 3, message: TRICKY, fixable: false,
    },
  ],
  rules: [
    { id: 'gossip-flag', description: 'A gossip flag on a Thanos command line.', severity: 'error', fixable: true, helpText: 'Thanos >= v0.5.0 refuses --cluster.* flags.\nRun `migrate --write`.' },
    { id: 'endpoint-unresolved', description: 'A server whose address is unknown.', severity: 'error', fixable: false, helpText: 'Pass --store-endpoint.' },
    { id: 'loopback-unreachable', description: 'A StoreAPI on loopback.', severity: 'warning', fixable: false, helpText: 'Bind a routable address.' },
  ],
  problems: [{ path: 'deploy/broken.yaml', line: 3, column: 1, message: 'bad indentation of a mapping entry' }],
  toolVersion: '0.1.0',
  palette: PLAIN,
  files: ['deploy/clean.yaml', 'deploy/query.yaml', 'systemd/thanos sidecar.service'],
  elsewhere: [],
};

const EMPTY: ReportInput = { ...INPUT, findings: [], problems: [] };

test('REPORTERS has exactly the six formats', () => {
  assert.deepEqual(FORMATS, ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab']);
  assert.ok(isFormat('sarif'));
  assert.ok(!isFormat('toString'));
  assert.ok(!isFormat('xml'));
});

test('stylish: exact text', () => {
  assert.equal(
    REPORTERS.stylish(INPUT),
    [
      'deploy/broken.yaml:3:1  error  bad indentation of a mapping entry  parse',
      '',
      'deploy/query.yaml',
      '   9:13  warning  store 127.0.0.1:10901 is on loopback                      loopback-unreachable',
      '  12:5   error    gossip flag --cluster.peers: Thanos >= v0.5.0 refuses it  gossip-flag',
      '',
      'systemd/thanos sidecar.service',
      '  4:41  info   --cluster.disable will be dropped                                 gossip-flag',
      '  4:60  error  peers "a:1,b:2" resolve to <nothing> & 100% of stores             endpoint-unresolved',
      '               vanish:\\u000asee --explain endpoint-unresolved',
      '',
      '✖ 5 problems (3 errors, 1 warning, 1 info)',
      '  2 fixable with `thanos-gossip-migrate migrate --write`',
      '',
    ].join('\n'),
  );
});

test('stylish: colours come from the palette, alignment ignores them', () => {
  const input: ReportInput = { ...INPUT, findings: INPUT.findings.slice(0, 2), problems: [], palette: TAGS };
  assert.equal(
    REPORTERS.stylish(input),
    [
      '<u>deploy/query.yaml</u>',
      '   9:13  <y>warning</y>  store 127.0.0.1:10901 is on loopback                      <d>loopback-unreachable</d>',
      '  12:5   <r>error</r>    gossip flag --cluster.peers: Thanos >= v0.5.0 refuses it  <d>gossip-flag</d>',
      '',
      '<r><b>✖ 2 problems (1 error, 1 warning, 0 infos)</b></r>',
      '  1 fixable with `thanos-gossip-migrate migrate --write`',
      '',
    ].join('\n'),
  );
});

test('stylish: nothing to say is the empty string; warnings only; no fixable line', () => {
  assert.equal(REPORTERS.stylish(EMPTY), '');
  const warningOnly: ReportInput = { ...EMPTY, findings: [INPUT.findings[0]!], palette: TAGS };
  assert.equal(
    REPORTERS.stylish(warningOnly),
    '<u>deploy/query.yaml</u>\n  9:13  <y>warning</y>  store 127.0.0.1:10901 is on loopback  <d>loopback-unreachable</d>\n\n<y><b>✖ 1 problem (0 errors, 1 warning, 0 infos)</b></y>\n',
  );
});

test('stylish: terminal control characters from inputs are shown, not obeyed', () => {
  const input: ReportInput = {
    ...EMPTY,
    findings: [{ ...INPUT.findings[1]!, path: 'a\u001b[2J.yaml', message: 'x\u001b]8;;evil\u0007y\u202ez\r\nw' }],
    problems: [{ path: 'b.yaml', message: 'no position\u009b' }],
  };
  assert.equal(
    REPORTERS.stylish(input),
    'b.yaml  error  no position\\u009b  parse\n\na\\u001b[2J.yaml\n  12:5  error  x\\u001b]8;;evil\\u0007y\\u202ez\\u000d\\u000aw  gossip-flag\n\n✖ 2 problems (2 errors, 0 warnings, 0 infos)\n  1 fixable with `thanos-gossip-migrate migrate --write`\n',
  );
});

test('json: exact text', () => {
  assert.equal(
    REPORTERS.json(INPUT),
    `{
  "version": 1,
  "tool": {
    "name": "thanos-gossip-migrate",
    "version": "0.1.0"
  },
  "findings": [
    {
      "ruleId": "loopback-unreachable",
      "messageId": "loopbackOnly",
      "severity": "warning",
      "path": "deploy/query.yaml",
      "line": 9,
      "column": 13,
      "endLine": 9,
      "endColumn": 40,
      "message": "store 127.0.0.1:10901 is on loopback",
      "data": {
        "address": "127.0.0.1:10901"
      },
      "fixable": false
    },
    {
      "ruleId": "gossip-flag",
      "messageId": "removed",
      "severity": "error",
      "path": "deploy/query.yaml",
      "line": 12,
      "column": 5,
      "endLine": 12,
      "endColumn": 34,
      "message": "gossip flag --cluster.peers: Thanos >= v0.5.0 refuses it",
      "data": {
        "flag": "--cluster.peers",
        "component": "query"
      },
      "fixable": true
    },
    {
      "ruleId": "gossip-flag",
      "messageId": "kept",
      "severity": "info",
      "path": "systemd/thanos sidecar.service",
      "line": 4,
      "column": 41,
      "endLine": 4,
      "endColumn": 58,
      "message": "--cluster.disable will be dropped",
      "data": {
        "flag": "--cluster.disable"
      },
      "fixable": true
    },
    {
      "ruleId": "endpoint-unresolved",
      "messageId": "unresolved",
      "severity": "error",
      "path": "systemd/thanos sidecar.service",
      "line": 4,
      "column": 60,
      "endLine": 5,
      "endColumn": 3,
      "message": "peers \\"a:1,b:2\\" resolve to <nothing> & 100% of stores vanish:\\nsee --explain endpoint-unresolved",
      "data": {
        "consumers": [
          "thanos query a",
          "thanos query b"
        ],
        "count": 2
      },
      "fixable": false
    }
  ],
  "problems": [
    {
      "path": "deploy/broken.yaml",
      "line": 3,
      "column": 1,
      "message": "bad indentation of a mapping entry"
    }
  ],
  "summary": {
    "errors": 2,
    "warnings": 1,
    "infos": 1,
    "fixable": 2
  }
}
`,
  );
});

test('json: round-trips the findings, only documented fields, null positions', () => {
  const withExtra = { ...INPUT.findings[0]!, secretInternal: 'x' };
  const input: ReportInput = { ...EMPTY, findings: [withExtra, ...INPUT.findings.slice(1)], problems: [{ path: 'p', message: 'm' }] };
  const parsed = JSON.parse(REPORTERS.json(input)) as { findings: unknown[]; problems: unknown[] };
  assert.deepEqual(parsed.findings, INPUT.findings);
  assert.deepEqual(parsed.problems, [{ path: 'p', line: null, column: null, message: 'm' }]);
  assert.equal(REPORTERS.json(EMPTY), '{\n  "version": 1,\n  "tool": {\n    "name": "thanos-gossip-migrate",\n    "version": "0.1.0"\n  },\n  "findings": [],\n  "problems": [],\n  "summary": {\n    "errors": 0,\n    "warnings": 0,\n    "infos": 0,\n    "fixable": 0\n  }\n}\n');
});

const EXPECTED_SARIF = `{
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "thanos-gossip-migrate",
          "version": "0.1.0",
          "informationUri": "https://github.com/thanos-io/thanos",
          "rules": [
            {
              "id": "gossip-flag",
              "shortDescription": {
                "text": "A gossip flag on a Thanos command line."
              },
              "fullDescription": {
                "text": "Thanos >= v0.5.0 refuses --cluster.* flags.\\nRun \`migrate --write\`."
              },
              "help": {
                "text": "Thanos >= v0.5.0 refuses --cluster.* flags.\\nRun \`migrate --write\`."
              },
              "defaultConfiguration": {
                "level": "error"
              },
              "properties": {
                "fixable": true
              }
            },
            {
              "id": "endpoint-unresolved",
              "shortDescription": {
                "text": "A server whose address is unknown."
              },
              "fullDescription": {
                "text": "Pass --store-endpoint."
              },
              "help": {
                "text": "Pass --store-endpoint."
              },
              "defaultConfiguration": {
                "level": "error"
              },
              "properties": {
                "fixable": false
              }
            },
            {
              "id": "loopback-unreachable",
              "shortDescription": {
                "text": "A StoreAPI on loopback."
              },
              "fullDescription": {
                "text": "Bind a routable address."
              },
              "help": {
                "text": "Bind a routable address."
              },
              "defaultConfiguration": {
                "level": "warning"
              },
              "properties": {
                "fixable": false
              }
            }
          ]
        }
      },
      "invocations": [
        {
          "executionSuccessful": true,
          "toolExecutionNotifications": [
            {
              "level": "error",
              "message": {
                "text": "bad indentation of a mapping entry"
              },
              "locations": [
                {
                  "physicalLocation": {
                    "artifactLocation": {
                      "uri": "deploy/broken.yaml",
                      "uriBaseId": "%SRCROOT%"
                    },
                    "region": {
                      "startLine": 3,
                      "startColumn": 1
                    }
                  }
                }
              ]
            }
          ]
        }
      ],
      "columnKind": "utf16CodeUnits",
      "results": [
        {
          "ruleId": "loopback-unreachable",
          "ruleIndex": 2,
          "level": "warning",
          "message": {
            "text": "store 127.0.0.1:10901 is on loopback"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "deploy/query.yaml",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 9,
                  "startColumn": 13,
                  "endLine": 9,
                  "endColumn": 40
                }
              }
            }
          ],
          "properties": {
            "fixable": false
          }
        },
        {
          "ruleId": "gossip-flag",
          "ruleIndex": 0,
          "level": "error",
          "message": {
            "text": "gossip flag --cluster.peers: Thanos >= v0.5.0 refuses it"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "deploy/query.yaml",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 12,
                  "startColumn": 5,
                  "endLine": 12,
                  "endColumn": 34
                }
              }
            }
          ],
          "properties": {
            "fixable": true
          }
        },
        {
          "ruleId": "gossip-flag",
          "ruleIndex": 0,
          "level": "note",
          "message": {
            "text": "--cluster.disable will be dropped"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "systemd/thanos%20sidecar.service",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 4,
                  "startColumn": 41,
                  "endLine": 4,
                  "endColumn": 58
                }
              }
            }
          ],
          "properties": {
            "fixable": true
          }
        },
        {
          "ruleId": "endpoint-unresolved",
          "ruleIndex": 1,
          "level": "error",
          "message": {
            "text": "peers \\"a:1,b:2\\" resolve to <nothing> & 100% of stores vanish:\\nsee --explain endpoint-unresolved"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "systemd/thanos%20sidecar.service",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 4,
                  "startColumn": 60,
                  "endLine": 5,
                  "endColumn": 3
                }
              }
            }
          ],
          "properties": {
            "fixable": false
          }
        }
      ]
    }
  ]
}
`;

test('sarif: exact text', () => {
  assert.equal(REPORTERS.sarif(INPUT), EXPECTED_SARIF);
});

function schemaPath(): URL {
  // From dist/test/ after `npm test`, or from test/ when run from source.
  for (const relative of ['../../test/schemas/sarif-2.1.0-rtm.5.json', './schemas/sarif-2.1.0-rtm.5.json']) {
    const url = new URL(relative, import.meta.url);
    if (existsSync(url)) return url;
  }
  throw new Error('test/schemas/sarif-2.1.0-rtm.5.json not found');
}

let compiled: ValidateFunction | undefined;
function sarifValidator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(schemaPath(), 'utf8')) as { title: string };
  assert.match(schema.title, /^Static Analysis Results Format \(SARIF\) Version 2\.1\.0/);
  // unicodeRegExp off: rtm.5's language pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`
  // (fixed in the errata) is not a valid regular expression with the u flag.
  const ajv = new AjvModule.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormatsModule.default(ajv);
  compiled = ajv.compile(schema);
  return compiled;
}

/** Validates; returns how many regions the log has. */
function assertValidSarif(text: string): number {
  const validate = sarifValidator();
  const log = JSON.parse(text) as unknown;
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  // The OASIS errata (2023) schema adds one constraint the rtm.5 schema lacks:
  // a region names where it starts (startLine, charOffset or byteOffset).
  const regions: unknown[] = [];
  JSON.stringify(log, (key, value: unknown) => {
    if (key === 'region') regions.push(value);
    return value;
  });
  for (const region of regions) assert.ok(typeof (region as { startLine?: unknown }).startLine === 'number', JSON.stringify(region));
  return regions.length;
}

test('sarif: valid against the SARIF 2.1.0 schema, and the validator can say no', () => {
  assert.equal(assertValidSarif(REPORTERS.sarif(INPUT)), 5);
  assert.equal(assertValidSarif(REPORTERS.sarif(EMPTY)), 0);
  assert.equal(assertValidSarif(REPORTERS.sarif({ ...INPUT, problems: [{ path: '/etc/thanos/no position.yaml', message: 'unreadable' }] })), 4);

  const validate = sarifValidator();
  const log = JSON.parse(REPORTERS.sarif(INPUT)) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
  log.runs[0]!.results[0]!.level = 'info'; // not a SARIF level
  assert.equal(validate(log), false);
  const rawSpace = JSON.parse(REPORTERS.sarif(INPUT)) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
  rawSpace.runs[0]!.results[2]!.locations[0]!.physicalLocation.artifactLocation.uri = 'systemd/thanos sidecar.service';
  assert.equal(validate(rawSpace), false, 'formats are checked: a space is not a URI reference');
  const noVersion = JSON.parse(REPORTERS.sarif(INPUT)) as Record<string, unknown>;
  delete noVersion.version;
  assert.equal(validate(noVersion), false);
});

test('sarif: artifact locations are URI references', () => {
  assert.deepEqual(artifactLocation('./a/b.yaml'), { uri: 'a/b.yaml', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(artifactLocation('x:y/100% #1?.yaml'), { uri: 'x%3Ay/100%25%20%231%3F.yaml', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(artifactLocation('../up/ü.yaml'), { uri: '../up/%C3%BC.yaml', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(artifactLocation('/etc/thanos/a b.yaml'), { uri: 'file:///etc/thanos/a%20b.yaml' });
  assert.deepEqual(artifactLocation('C:/thanos/a.yaml'), { uri: 'file:///C:/thanos/a.yaml' });
});

test('sarif: a finding of an unknown rule has no ruleIndex', () => {
  const log = JSON.parse(REPORTERS.sarif({ ...EMPTY, findings: [{ ...INPUT.findings[0]!, ruleId: 'new-rule' }] })) as {
    runs: Array<{ results: Array<Record<string, unknown>> }>;
  };
  assert.equal(log.runs[0]!.results[0]!.ruleId, 'new-rule');
  assert.equal('ruleIndex' in log.runs[0]!.results[0]!, false);
});

test('github: exact text', () => {
  assert.equal(
    REPORTERS.github(INPUT),
    [
      '::error file=deploy/broken.yaml,line=3,col=1,title=parse::bad indentation of a mapping entry',
      '::warning file=deploy/query.yaml,line=9,col=13,endLine=9,endColumn=40,title=loopback-unreachable::store 127.0.0.1:10901 is on loopback',
      '::error file=deploy/query.yaml,line=12,col=5,endLine=12,endColumn=34,title=gossip-flag::gossip flag --cluster.peers: Thanos >= v0.5.0 refuses it',
      '::notice file=systemd/thanos sidecar.service,line=4,col=41,endLine=4,endColumn=58,title=gossip-flag::--cluster.disable will be dropped',
      '::error file=systemd/thanos sidecar.service,line=4,col=60,endLine=5,endColumn=3,title=endpoint-unresolved::peers "a:1,b:2" resolve to <nothing> & 100%25 of stores vanish:%0Asee --explain endpoint-unresolved',
      '::notice title=thanos-gossip-migrate::3 errors, 1 warning, 1 info; all annotated',
      '',
    ].join('\n'),
  );
});

test('github: property values escape : and , too; nothing breaks out of one line', () => {
  const input: ReportInput = {
    ...EMPTY,
    findings: [{ ...INPUT.findings[0]!, path: 'a,b:c%d\r\n::error::x.yaml', ruleId: 'r:1,2', message: '50%\r\n::add-mask::x' }],
    problems: [{ path: 'p.yaml', message: 'no position' }],
  };
  const out = REPORTERS.github(input);
  assert.equal(
    out,
    '::error file=p.yaml,title=parse::no position\n' +
      '::warning file=a%2Cb%3Ac%25d%0D%0A%3A%3Aerror%3A%3Ax.yaml,line=9,col=13,endLine=9,endColumn=40,title=r%3A1%2C2::50%25%0D%0A::add-mask::x\n' +
      '::notice title=thanos-gossip-migrate::1 error, 1 warning, 0 infos; all annotated\n',
  );
  assert.equal(out.split('\n').length, 4);
  assert.equal(REPORTERS.github(EMPTY), '');
});

const EXPECTED_JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="thanos-gossip-migrate" tests="4" failures="2" errors="1">
  <testsuite name="thanos-gossip-migrate" tests="4" failures="2" errors="1" skipped="0">
    <testcase classname="thanos-gossip-migrate" name="deploy/clean.yaml"/>
    <testcase classname="thanos-gossip-migrate" name="deploy/query.yaml">
      <failure type="loopback-unreachable" message="store 127.0.0.1:10901 is on loopback">deploy/query.yaml:9:13: warning: store 127.0.0.1:10901 is on loopback [loopback-unreachable]</failure>
      <failure type="gossip-flag" message="gossip flag --cluster.peers: Thanos &gt;= v0.5.0 refuses it">deploy/query.yaml:12:5: error: gossip flag --cluster.peers: Thanos &gt;= v0.5.0 refuses it [gossip-flag]</failure>
    </testcase>
    <testcase classname="thanos-gossip-migrate" name="systemd/thanos sidecar.service">
      <failure type="endpoint-unresolved" message="peers &quot;a:1,b:2&quot; resolve to &lt;nothing&gt; &amp; 100% of stores vanish:&#xa;see --explain endpoint-unresolved">systemd/thanos sidecar.service:4:60: error: peers "a:1,b:2" resolve to &lt;nothing&gt; &amp; 100% of stores vanish:&#xa;see --explain endpoint-unresolved [endpoint-unresolved]</failure>
      <system-out>systemd/thanos sidecar.service:4:41: info: --cluster.disable will be dropped [gossip-flag]</system-out>
    </testcase>
    <testcase classname="thanos-gossip-migrate" name="deploy/broken.yaml">
      <error type="parse" message="bad indentation of a mapping entry">deploy/broken.yaml:3:1: error: bad indentation of a mapping entry [parse]</error>
    </testcase>
  </testsuite>
</testsuites>
`;

test('junit: exact text', () => {
  assert.equal(REPORTERS.junit(INPUT), EXPECTED_JUNIT);
});

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** A strict, namespace-unaware parse (saxes reports every well-formedness error). */
function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    if (stack.length > 0) stack[stack.length - 1]!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  assert.ok(root, 'no root element');
  return root;
}

test('junit: well-formed, and the parsed values are the originals', () => {
  assert.throws(() => parseXml('<a><b></a>'));
  assert.throws(() => parseXml('<a x="<"/>'));

  const root = parseXml(REPORTERS.junit(INPUT));
  assert.equal(root.name, 'testsuites');
  const suite = root.children[0]!;
  assert.equal(suite.attributes.name, 'thanos-gossip-migrate');
  assert.deepEqual(suite.children.map((c) => c.attributes.name), ['deploy/clean.yaml', 'deploy/query.yaml', 'systemd/thanos sidecar.service', 'deploy/broken.yaml']);
  const tricky = suite.children[2]!.children[0]!;
  assert.equal(tricky.name, 'failure');
  assert.equal(tricky.attributes.type, 'endpoint-unresolved');
  assert.equal(tricky.attributes.message, TRICKY);
  assert.equal(suite.children[2]!.children[1]!.name, 'system-out');

  // A clean run: every file checked is a passing test.
  const clean = REPORTERS.junit({ ...EMPTY, files: ['deploy/query.yaml'] });
  assert.equal(
    clean,
    '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="thanos-gossip-migrate" tests="1" failures="0" errors="0">\n  <testsuite name="thanos-gossip-migrate" tests="1" failures="0" errors="0" skipped="0">\n    <testcase classname="thanos-gossip-migrate" name="deploy/query.yaml"/>\n  </testsuite>\n</testsuites>\n',
  );
  parseXml(clean);
});

test('junit: characters XML cannot carry stay well-formed; CR, tab and ]]> survive', () => {
  const message = 'esc\u001b bell\u0007 lone\ud800 ffff\uffff tab\tcr\r]]> end';
  const input: ReportInput = { ...EMPTY, files: [], findings: [{ ...INPUT.findings[1]!, path: 'a"b\u0001.yaml', message }] };
  const root = parseXml(REPORTERS.junit(input));
  const testcase = root.children[0]!.children[0]!;
  assert.equal(testcase.attributes.name, 'a"b\\u0001.yaml');
  assert.equal(testcase.children[0]!.attributes.message, 'esc\\u001b bell\\u0007 lone\\ud800 ffff\\uffff tab\tcr\r]]> end');
  assert.equal(testcase.children[0]!.text, 'a"b\\u0001.yaml:12:5: error: esc\\u001b bell\\u0007 lone\\ud800 ffff\\uffff tab\tcr\r]]> end [gossip-flag]');
});

test('every format: controls, bidi and invisible characters from a name or message never reach the output raw', () => {
  const hostile = 'esc\u001b[31m cr\rnl\n::error file=x::forged bidi\u202egnp.sh zw\u200b del\u007f c1\u009b tag\u{e0041} sep\u2028';
  const input: ReportInput = { ...EMPTY, findings: [{ ...INPUT.findings[1]!, path: `d/${hostile}.yaml`, message: hostile }], problems: [{ path: `p/${hostile}`, line: 1, message: hostile }] };
  for (const format of FORMATS) {
    const out = REPORTERS[format](input);
    assert.doesNotMatch(out, /[\u001b\u007f\u009b\u200b\u202e\u2028\u{e0041}]/u, format);
    assert.ok(!out.split('\n').some((line) => line.startsWith('::error file=x')), `${format}: a forged workflow command`);
    if (format === 'stylish' || format === 'github') assert.match(out, /esc\\u001b\[31m/, format);
  }
  // JSON and XML keep the exact value behind their own escapes.
  const json = JSON.parse(REPORTERS.json(input)) as { findings: { path: string; message: string }[] };
  assert.equal(json.findings[0]!.message, hostile);
  assert.equal(json.findings[0]!.path, `d/${hostile}.yaml`);
  const sarif = JSON.parse(REPORTERS.sarif(input)) as { runs: { results: { message: { text: string } }[] }[] };
  assert.equal(sarif.runs[0]!.results[0]!.message.text, hostile);
  const junit = parseXml(REPORTERS.junit(input)).children[0]!.children.find((c) => c.attributes.name!.startsWith('d/'))!;
  assert.equal(junit.children[0]!.attributes.message, hostile.replace('\u001b', '\\u001b'));
});

test('a JSON text keeps its layout and tab as they are and escapes every other unsafe character, each UTF-16 unit of it', () => {
  const json = JSON.stringify({ a: 'x\u007fy\u202ez\u{e0041}', b: 'tab\tnl\n' }, null, 2);
  assert.equal(escapeJsonText(json), '{\n  "a": "x\\u007fy\\u202ez\\udb40\\udc41",\n  "b": "tab\\tnl\\n"\n}');
  for (const clean of [JSON.stringify({ a: ['b', 'c'] }, null, 2), JSON.stringify({ a: 'café ✓' }, null, 2)]) assert.equal(escapeJsonText(clean), clean);
  assert.equal(escapeJsonText('{"a": "café\u200b"}'), '{"a": "café\\u200b"}');
  // The same text twice gives the same: no search keeps a position from the last call.
  assert.equal(escapeJsonText(json), escapeJsonText(json));
});
