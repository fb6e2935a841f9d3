import type { Finding, FlagUse, Invocation, Severity, SourceFile } from '../model.js';
import { validateSdFile } from '../sd/validate.js';
import type { Rule, RuleContext } from './types.js';

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

type Located = { found: SdSource; key: string } | { missing: string; file?: SourceFile } | { notRead: string } | null;

/** The lead's lookup (files next to the starter), then mounts into a container (ConfigMaps, compose binds). */
function locate(context: RuleContext, invocation: Invocation, value: string): Located {
  const lookup = context.locateSdFile(invocation, value);
  if (lookup.status === 'missing') return { missing: `${lookup.path}, which does not exist` };
  if (lookup.status === 'not-read') return { notRead: `${lookup.path}: ${lookup.why}` };
  if (lookup.status === 'found') {
    const lines = lookup.text.split('\n');
    const file: SourceFile = { path: lookup.path, text: lookup.text, kind: 'unknown' };
    const offsetOf = (line: number, column: number) => lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
    return { found: { text: lookup.text, file, name: lookup.path, ...(lookup.note ? { note: lookup.note } : {}), offsetOf }, key: lookup.path };
  }
  const mounted = context.locateMountedSdFile(invocation, value);
  if (mounted.status === 'missing') return { missing: `${value}, which nothing provides: ${mounted.note}`, file: mounted.file };
  if (mounted.status === 'found') return { found: { text: mounted.text, file: mounted.file, name: value, note: mounted.note, offsetOf: mounted.offsetOf }, key: `${mounted.file.path}\0${mounted.note}` };
  return null;
}

export const sdFileInvalidRule: Rule = {
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
          findings.push(problemAt(this.id, 'warning', flag, `--${flag.name} names ${located.notRead}, so it is not checked`));
          continue;
        }
        if ('missing' in located) {
          findings.push(problemAt(this.id, 'error', flag, `--${flag.name} names ${located.missing}: Query gets no endpoints from it`));
          continue;
        }
        if (seen.has(located.key)) continue;
        seen.add(located.key);
        findings.push(...validate(this.id, flag, schema, located.found));
      }
    }
    return findings;
  },
};

function problemAt(ruleId: string, severity: Severity, flag: FlagUse, message: string): Finding {
  const word = flag.valueWord ?? flag.nameWord;
  return { ruleId, severity, file: word.file, span: word.span, message };
}

function validate(ruleId: string, flag: FlagUse, schema: 'file-sd' | 'endpoint-config', sd: SdSource): Finding[] {
  const readBy = `read by --${flag.name}${sd.note ? `, ${sd.note}` : ''}`;
  const result = validateSdFile(sd.text, sd.name, schema);
  if (result.problems.length === 0 && result.endpoints.length === 0) {
    const at = sd.offsetOf(1, 1);
    return [{ ruleId, severity: 'warning', file: sd.file, span: { start: at, end: at }, message: `lists no endpoints: the ${flag.name.startsWith('query') ? 'Ruler' : 'Querier'} gets none from it (${readBy})` }];
  }
  return result.problems.map((problem) => {
    const offset = sd.offsetOf(problem.line, problem.column);
    return { ruleId, severity: SEVERITY[problem.kind] ?? 'error', file: sd.file, span: { start: offset, end: offset }, message: `${problem.message} (${readBy})` };
  });
}
