import type { Finding, Severity, SourceFile } from '../model.js';
import { validateSdFile } from '../sd/validate.js';
import type { Rule } from './types.js';

const SD_FLAGS: Record<string, 'file-sd' | 'endpoint-config'> = {
  'store.sd-files': 'file-sd',
  'query.sd-files': 'file-sd',
  'endpoint.sd-config-file': 'endpoint-config',
};

const SEVERITY: Record<string, Severity> = { invalid: 'error', 'malformed-endpoint': 'error', 'duplicate-endpoint': 'warning' };

export const sdFileInvalidRule: Rule = {
  id: 'sd-file-invalid',
  meta: {
    severity: 'error',
    description: 'A discovery flag names an SD file that is missing, does not parse as Thanos reads it, or lists malformed or duplicate endpoints.',
    explanation:
      'Thanos re-reads --store.sd-files / --query.sd-files (Prometheus file_sd: a list of {targets, labels} groups, JSON or YAML by ' +
      'extension) and --endpoint.sd-config-file (`endpoints: [{address}]`). A missing or invalid file leaves Query without those ' +
      'StoreAPIs, silently. Each target must be host:port (or dns+host:port, dnssrv+name). Fix the file, or run migrate to write it.',
    fixable: false,
  },
  check(context) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const invocation of context.invocations) {
      for (const flag of invocation.flags) {
        const schema = SD_FLAGS[flag.name];
        if (!schema || flag.value === null) continue;
        const word = flag.valueWord ?? flag.nameWord;
        const lookup = context.locateSdFile(invocation, flag.value);
        if (lookup.status === 'unknown') continue;
        if (lookup.status === 'missing') {
          findings.push({ ruleId: this.id, severity: 'error', file: word.file, span: word.span, message: `--${flag.name} names ${lookup.path}, which does not exist: Query gets no endpoints from it` });
          continue;
        }
        if (lookup.status === 'not-read') {
          findings.push({ ruleId: this.id, severity: 'warning', file: word.file, span: word.span, message: `--${flag.name} names ${lookup.path}: ${lookup.why}, so it is not checked` });
          continue;
        }
        if (seen.has(lookup.path)) continue;
        seen.add(lookup.path);
        const sdFile: SourceFile = { path: lookup.path, text: lookup.text, kind: 'unknown' };
        const lines = lookup.text.split('\n');
        for (const problem of validateSdFile(lookup.text, lookup.path, schema).problems) {
          const offset = lines.slice(0, problem.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + problem.column - 1;
          findings.push({
            ruleId: this.id,
            severity: SEVERITY[problem.kind] ?? 'error',
            file: sdFile,
            span: { start: offset, end: offset },
            message: `${problem.message} (read by --${flag.name}${lookup.note ? `, ${lookup.note}` : ''})`,
          });
        }
      }
    }
    return findings;
  },
};
