import type { Finding, FlagUse, Invocation, Severity, SourceFile } from '../model.js';
import { validateSdFile } from '../sd/validate.js';
import type { Rule, RuleContext } from './types.js';
import { messageOf, type FindingMessage, type Messages } from './messages.js';
import { append } from '../lists.js';

const SD_FLAGS: Record<string, 'file-sd' | 'endpoint-config'> = {
  'store.sd-files': 'file-sd',
  'query.sd-files': 'file-sd',
  'endpoint.sd-config-file': 'endpoint-config',
};

const SEVERITY: Record<string, Severity> = { invalid: 'error', 'malformed-endpoint': 'error', 'duplicate-endpoint': 'warning' };

/** What a flag's SD file is, wherever it was found: its text, where to point, how it was found. */
interface SdSource {
  text: string;
  file: SourceFile;
  /** The name Thanos reads it by (its extension picks JSON or YAML). */
  name: string;
  note?: string;
  offsetOf(line: number, column: number): number;
}

type Located = { found: SdSource; key: string } | { missing: string } | { notProvided: string; note: string } | { notRead: string; why: string } | null;

/** The lead's lookup (files next to the starter), then mounts into a container (ConfigMaps, compose binds). */
function locate(context: RuleContext, invocation: Invocation, value: string): Located {
  const lookup = context.locateSdFile(invocation, value);
  if (lookup.status === 'missing') return { missing: lookup.path };
  if (lookup.status === 'not-read') return { notRead: lookup.path, why: lookup.why };
  if (lookup.status === 'found') {
    const lines = lookup.text.split('\n');
    const file: SourceFile = { path: lookup.path, text: lookup.text, kind: 'unknown' };
    const offsetOf = (line: number, column: number) => lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
    return { found: { text: lookup.text, file, name: lookup.path, ...(lookup.note ? { note: lookup.note } : {}), offsetOf }, key: lookup.path };
  }
  const mounted = context.locateMountedSdFile(invocation, value);
  if (mounted.status === 'missing') return { notProvided: value, note: mounted.note };
  if (mounted.status === 'found') return { found: { text: mounted.text, file: mounted.file, name: value, note: mounted.note, offsetOf: mounted.offsetOf }, key: `${mounted.file.path}\0${mounted.note}` };
  return null;
}

const messages = {
  notRead: '--{{flag}} names {{path}}: {{why}}, so it is not checked',
  missing: '--{{flag}} names {{path}}, which does not exist: Query gets no endpoints from it',
  notProvided: '--{{flag}} names {{path}}, which nothing provides: {{note}}: Query gets no endpoints from it',
  empty: 'lists no endpoints: the {{consumer}} gets none from it ({{readBy}})',
  /** The problems sd/validate.ts finds, by kind: its message, then which flag reads the file. */
  invalid: '{{problem}} ({{readBy}})',
  malformedEndpoint: '{{problem}} ({{readBy}})',
  duplicateEndpoint: '{{problem}} ({{readBy}})',
} as const satisfies Messages;

type SdFileInvalidRule = Rule<typeof messages>;

export const sdFileInvalidRule: SdFileInvalidRule = {
  id: 'sd-file-invalid',
  meta: {
    severity: 'error',
    description: 'A discovery flag names an SD file that is missing, empty, does not parse as Thanos reads it, or lists malformed or duplicate endpoints; a ConfigMap or bind mount that provides it included.',
    explanation:
      'Thanos re-reads --store.sd-files / --query.sd-files (Prometheus file_sd: a list of {targets, labels} groups, JSON or YAML by ' +
      'extension) and --endpoint.sd-config-file (`endpoints: [{address}]`). A missing, empty or invalid file leaves Query without ' +
      'those StoreAPIs, silently. Each target must be host:port (or dns+host:port, dnssrv+name). In Kubernetes the file is the ' +
      'ConfigMap key mounted at the flag\'s path; in docker-compose the host file bind-mounted there. Fix the file, or run migrate to write it.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const invocation of context.invocations) {
      for (const flag of invocation.flags) {
        const schema = SD_FLAGS[flag.name];
        if (!schema || flag.value === null) continue;
        const located = locate(context, invocation, flag.value);
        if (located === null) continue;
        if ('notRead' in located) {
          findings.push(problemAt('warning', flag, messageOf(this, 'notRead', { flag: flag.name, path: located.notRead, why: located.why })));
          continue;
        }
        if ('missing' in located) {
          findings.push(problemAt('error', flag, messageOf(this, 'missing', { flag: flag.name, path: located.missing })));
          continue;
        }
        if ('notProvided' in located) {
          findings.push(problemAt('error', flag, messageOf(this, 'notProvided', { flag: flag.name, path: located.notProvided, note: located.note })));
          continue;
        }
        if (seen.has(located.key)) continue;
        seen.add(located.key);
        append(findings, validate(this, flag, schema, located.found));
      }
    }
    return findings;
  },
};

function problemAt(severity: Severity, flag: FlagUse, message: FindingMessage): Finding {
  const word = flag.valueWord ?? flag.nameWord;
  return { ...message, severity, file: word.file, span: word.span };
}

const PROBLEM_MESSAGE = { invalid: 'invalid', 'malformed-endpoint': 'malformedEndpoint', 'duplicate-endpoint': 'duplicateEndpoint' } as const;

function validate(rule: SdFileInvalidRule, flag: FlagUse, schema: 'file-sd' | 'endpoint-config', sd: SdSource): Finding[] {
  const readBy = `read by --${flag.name}${sd.note ? `, ${sd.note}` : ''}`;
  const result = validateSdFile(sd.text, sd.name, schema);
  if (result.problems.length === 0 && result.endpoints.length === 0) {
    const at = sd.offsetOf(1, 1);
    return [{ ...messageOf(rule, 'empty', { consumer: flag.name.startsWith('query') ? 'Ruler' : 'Querier', readBy }), severity: 'warning', file: sd.file, span: { start: at, end: at } }];
  }
  return result.problems.map((problem) => {
    const offset = sd.offsetOf(problem.line, problem.column);
    return { ...messageOf(rule, PROBLEM_MESSAGE[problem.kind], { problem: problem.message, readBy }), severity: SEVERITY[problem.kind] ?? 'error', file: sd.file, span: { start: offset, end: offset } };
  });
}
