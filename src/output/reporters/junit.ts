// JUnit XML for CI test-report views (GitLab, Jenkins, Azure Pipelines, ...):
// one <testsuite>, one <testcase> per file checked, named by its path, so a
// clean run still has tests and each file is a pass or a fail. In a
// testcase: an <error type="parse"> per unreadable-input problem, a
// <failure type=RULEID> per error or warning finding, and the info findings
// in <system-out> (they do not fail the case). Valid against the Jenkins
// xUnit plugin's junit-10.xsd (test/schemas/), which allows any number of
// failures in one testcase.
//
// Counts are per testcase, as JUnit readers count tests: `tests` is the
// number of files, `errors` the cases with an <error>, `failures` the others
// with a <failure>, so tests >= errors + failures.

import { TOOL_NAME, groupByPath } from './common.js';
import type { ReportFinding, ReportProblem, Reporter } from './types.js';
import { replaceUnsafe, visibleEscape } from '../escape.js';
import { append } from '../../lists.js';

// Characters XML 1.0 cannot carry at all, not even as a character reference:
// C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF. They
// are written as visible `\uXXXX` text instead. Other controls, bidi and
// invisible characters become character references: the parsed value is
// the original, and the file shown raw cannot drive a terminal.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function xmlSafe(text: string): string {
  return text.replace(NOT_XML, visibleEscape);
}

// LF too: a line of the file must not start with text from the input (a CI log that shows it parses `::error`).
const characterReference = (char: string): string => `&#x${char.codePointAt(0)!.toString(16)};`;

export function escapeText(text: string): string {
  return replaceUnsafe(xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), characterReference);
}

/** Attribute values keep tab as a reference too: a parser would turn it into a space. */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;');
}

function findingText(f: ReportFinding): string {
  return `${f.path}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.ruleId}]`;
}

function problemText(p: ReportProblem): string {
  const where = p.line === undefined ? p.path : `${p.path}:${p.line}${p.column === undefined ? '' : `:${p.column}`}`;
  return `${where}: error: ${p.message} [parse]`;
}

interface Case {
  problems: ReportProblem[];
  findings: ReportFinding[];
}

export const junit: Reporter = ({ findings, problems, files }) => {
  const cases = new Map<string, Case>();
  const caseFor = (path: string): Case => {
    let c = cases.get(path);
    if (!c) cases.set(path, (c = { problems: [], findings: [] }));
    return c;
  };
  for (const path of files) caseFor(path);
  for (const [path, group] of groupByPath(problems)) append(caseFor(path).problems, group);
  for (const [path, group] of groupByPath(findings)) append(caseFor(path).findings, group);

  let errors = 0;
  let failures = 0;
  const body: string[] = [];
  for (const [path, c] of cases) {
    const failing = c.findings.filter((f) => f.severity !== 'info');
    const infos = c.findings.filter((f) => f.severity === 'info');
    if (c.problems.length > 0) errors += 1;
    else if (failing.length > 0) failures += 1;
    const children: string[] = [];
    for (const p of c.problems) {
      children.push(`      <error type="parse" message="${escapeAttribute(p.message)}">${escapeText(problemText(p))}</error>`);
    }
    for (const f of failing) {
      children.push(
        `      <failure type="${escapeAttribute(f.ruleId)}" message="${escapeAttribute(f.message)}">${escapeText(findingText(f))}</failure>`,
      );
    }
    if (infos.length > 0) children.push(`      <system-out>${escapeText(infos.map(findingText).join('\n'))}</system-out>`);
    const open = `    <testcase classname="${TOOL_NAME}" name="${escapeAttribute(path)}"`;
    body.push(children.length === 0 ? `${open}/>` : [`${open}>`, ...children, '    </testcase>'].join('\n'));
  }

  const counts = `tests="${cases.size}" failures="${failures}" errors="${errors}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${TOOL_NAME}" ${counts}>`,
    ...(cases.size === 0
      ? [`  <testsuite name="${TOOL_NAME}" ${counts} skipped="0"/>`]
      : [`  <testsuite name="${TOOL_NAME}" ${counts} skipped="0">`, ...body, '  </testsuite>']),
    '</testsuites>',
    '',
  ].join('\n');
};
