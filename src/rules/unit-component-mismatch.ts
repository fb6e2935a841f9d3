import type { Component, Finding } from '../model.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

/** How units name components: `thanos-querier.service`, `Description=Thanos Compactor`. */
const COMPONENT_WORDS: [RegExp, Component][] = [
  [/\bsidecar\b/i, 'sidecar'],
  [/\bstore(?:gateway)?\b/i, 'store'],
  [/\bquer(?:y|ier)\b/i, 'query'],
  [/\brul(?:e|er)\b/i, 'rule'],
  [/\bcompact(?:or)?\b/i, 'compact'],
  [/\bdownsampl(?:e|er)\b/i, 'downsample'],
  [/\breceiv(?:e|er)\b/i, 'receive'],
];

const messages = {
  mismatch: 'the unit says {{said}} ({{by}}) but ExecStart runs thanos {{component}}: migrated as {{component}}',
} as const satisfies Messages;

export const unitComponentMismatchRule: Rule<typeof messages> = {
  id: 'unit-component-mismatch',
  meta: {
    severity: 'info',
    description: 'A systemd unit whose name or Description names one Thanos component while its ExecStart runs another.',
    explanation:
      'Units get copied from one component to the next (thanos-store.service starting `thanos query`). The migration follows ' +
      'the subcommand, which is what runs: a Querier gets discovery, a store does not. If the name is right and the subcommand ' +
      'wrong, fix the unit first and run again.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    for (const invocation of context.invocations) {
      const carrier = invocation.carrier;
      if (carrier.kind !== 'systemd-exec' || invocation.component === null || !invocation.componentWord) continue;
      const description = carrier.context.kind === 'unit' ? carrier.context.unitDescription : undefined;
      const unitName = (carrier.file.path.split(/[\\/]/).pop() ?? '').replace(/^templates__/, '').replace(/\.(service|socket)(\.\w+)?$/, '');
      const said = [
        ...COMPONENT_WORDS.filter(([pattern]) => pattern.test(unitName.replace(/[-_.]/g, ' '))).map(([, component]) => ({ component, by: `its name ${unitName}` })),
        ...COMPONENT_WORDS.filter(([pattern]) => pattern.test(description ?? '')).map(([, component]) => ({ component, by: `Description=${description}` })),
      ];
      const other = said.find((entry) => entry.component !== invocation.component);
      if (!other || said.some((entry) => entry.component === invocation.component)) continue;
      findings.push({
        ...messageOf(this, 'mismatch', { said: other.component, by: other.by, component: invocation.component }),
        severity: this.meta.severity,
        file: invocation.componentWord.file,
        span: invocation.componentWord.span,
      });
    }
    return findings;
  },
};
