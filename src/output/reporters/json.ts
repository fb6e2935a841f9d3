/**
 * `--format json`: one JSON document for programs, versioned.
 *
 * ## JSON output, version 1
 *
 * One object, 2-space indented, ending with a newline:
 *
 * ```json
 * {
 *   "version": 1,
 *   "tool": { "name": "thanos-gossip-migrate", "version": "0.1.0" },
 *   "findings": [
 *     {
 *       "ruleId": "gossip-flag",
 *       "messageId": "removed",
 *       "severity": "error",
 *       "path": "deploy/query.yaml",
 *       "line": 12,
 *       "column": 7,
 *       "endLine": 12,
 *       "endColumn": 35,
 *       "message": "--cluster.peers=thanos-peers:10900: gossip flag on thanos query, removed in v0.5.0",
 *       "data": { "flag": "--cluster.peers=thanos-peers:10900", "component": "query" },
 *       "fixable": true
 *     }
 *   ],
 *   "problems": [
 *     { "path": "deploy/broken.yaml", "line": 3, "column": 1, "message": "…" }
 *   ],
 *   "summary": { "errors": 1, "warnings": 0, "infos": 0, "fixable": 1 }
 * }
 * ```
 *
 * - `version` (integer): the version of this format, now `1`. It changes only
 *   when a field is removed, renamed or changes meaning; new fields may be
 *   added to any object without a new version, so readers must ignore fields
 *   they do not know.
 * - `tool.name` (string): always `"thanos-gossip-migrate"`; `tool.version`
 *   (string): the version of the tool that wrote the document.
 * - `findings` (array), sorted by `path`, `line`, `column`, `ruleId`. Each:
 *   - `ruleId` (string): the rule that found it (see `--explain`);
 *   - `messageId` (string): which message of that rule it is (a key of the
 *     rule's message table, `meta.messages` in src/rules/): stable, so a
 *     program can tell findings of one rule apart without parsing `message`;
 *   - `severity`: `"error"`, `"warning"` or `"info"`;
 *   - `path` (string): the file as given on the command line, with `/`;
 *   - `line`, `column` (integers, 1-based): where the flagged text starts;
 *     `endLine`, `endColumn`: the position just past its last character (as
 *     in SARIF); columns count UTF-16 code units;
 *   - `message` (string): for people; may contain any character, including
 *     newlines; do not parse it. Controls, bidi and invisible characters are
 *     written as `\uXXXX` escapes (the parsed value is unchanged);
 *   - `data` (object): the values `message` was rendered from, one per
 *     placeholder of its template (`{{flag}}`), each a string, a number or
 *     an array of those; the same masking as `message` applies;
 *   - `fixable` (boolean): whether `thanos-gossip-migrate migrate --write`
 *     fixes it.
 * - `problems` (array): inputs that could not be read or parsed, so were not
 *   checked (or not fully). Each: `path` (string), `line` and `column`
 *   (1-based integers, or `null` when the problem has no position),
 *   `message` (string). A non-empty `problems` means the findings may be
 *   incomplete.
 * - `summary`: counts over `findings` only (not `problems`): `errors`,
 *   `warnings`, `infos` by severity, and `fixable`, the findings `migrate
 *   --write` fixes, of any severity.
 *
 * Only the documented fields are written, in the order shown.
 */

import { TOOL_NAME, summarize } from './common.js';
import type { Reporter } from './types.js';
import { escapeJsonText } from '../escape.js';

export const JSON_FORMAT_VERSION = 1;

export const json: Reporter = ({ findings, problems, toolVersion }) => {
  const document = {
    version: JSON_FORMAT_VERSION,
    tool: { name: TOOL_NAME, version: toolVersion },
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      messageId: f.messageId,
      severity: f.severity,
      path: f.path,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      data: f.data,
      fixable: f.fixable,
    })),
    problems: problems.map((p) => ({ path: p.path, line: p.line ?? null, column: p.column ?? null, message: p.message })),
    summary: summarize(findings),
  };
  // Bidi and invisible characters as \u escapes: the same values, safe to print.
  return `${escapeJsonText(JSON.stringify(document, null, 2))}\n`;
};
