// SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps,
// SonarQube, ...): one run, every known rule in tool.driver.rules, one result
// per finding, and unreadable inputs as error-level toolExecutionNotifications.
//
// executionSuccessful is true: a SARIF log is only written when the tool ran
// to the end. The spec (3.20.14, Appendix I) keeps "the tool failed" apart
// from "error-level notifications: results may be incomplete", and an input
// we could not parse is the second.

import { TOOL_NAME } from './common.js';
import { escapeJsonText } from '../escape.js';
import { fsPath } from '../../sources/names.js';
import type { ReportProblem, ReportSeverity, Reporter } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_INFORMATION_URI = 'https://github.com/thanos-io/thanos';
export const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

function level(severity: ReportSeverity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

// Kept as is in a path segment: RFC 3986 unreserved and sub-delims, and '@'.
// Everything else (space, '%', '#', '?', ':', non-ASCII, ...) is
// percent-encoded as UTF-8, so the result is always a valid URI reference.
const SEGMENT_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=@]/;

function encodeSegment(segment: string): string {
  // The name's own bytes: a byte of a non-UTF-8 name (sources/names.ts) is encoded as itself.
  const path = fsPath(segment);
  let out = '';
  for (const byte of typeof path === 'string' ? Buffer.from(path, 'utf8') : path) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && SEGMENT_SAFE.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * artifactLocation for a path as the user gave it: relative paths become
 * relative URIs against %SRCROOT% (a leading `./` dropped); absolute ones
 * (`/etc/...`, `C:/...`) become `file:` URIs with no base.
 */
export function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  // Forward slashes already (the contract): a backslash is a file name character.
  const drive = /^[A-Za-z]:\//.exec(path);
  if (drive) return { uri: `file:///${drive[0]}${path.slice(drive[0].length).split('/').map(encodeSegment).join('/')}` };
  if (path.startsWith('/')) return { uri: `file://${path.split('/').map(encodeSegment).join('/')}` };
  const relative = path.replace(/^(\.\/)+/, '');
  return { uri: relative.split('/').map(encodeSegment).join('/'), uriBaseId: SRCROOT };
}

function problemNotification(problem: ReportProblem) {
  const region =
    problem.line === undefined
      ? undefined
      : { startLine: problem.line, ...(problem.column === undefined ? {} : { startColumn: problem.column }) };
  return {
    level: 'error' as const,
    message: { text: problem.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(problem.path), ...(region ? { region } : {}) } }],
  };
}

export const sarif: Reporter = ({ findings, rules, problems, toolVersion }) => {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: toolVersion,
            informationUri: TOOL_INFORMATION_URI,
            rules: rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.helpText },
              help: { text: rule.helpText },
              defaultConfiguration: { level: level(rule.severity) },
              properties: { fixable: rule.fixable },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: problems.map(problemNotification),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => {
          const index = ruleIndex.get(f.ruleId);
          return {
            ruleId: f.ruleId,
            ...(index === undefined ? {} : { ruleIndex: index }),
            level: level(f.severity),
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifactLocation(f.path),
                  region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
                },
              },
            ],
            properties: { fixable: f.fixable },
          };
        }),
      },
    ],
  };
  return `${escapeJsonText(JSON.stringify(log, null, 2))}\n`;
};
