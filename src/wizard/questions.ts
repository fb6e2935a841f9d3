// The wizard's questions as data: each one is a `migrate` option, asked only
// when the plan says the files leave it open. Order matters: an answer can
// settle later questions (a namespace resolves endpoints), so the wizard
// re-plans after each answer and asks the first question still needed.

import {
  CONSUMER_ROLES,
  type ConsumerEndpoints,
  type Finding,
  formatVersion,
  isIncomplete,
  locationOf,
  migrationOptions,
  type MigrationPlan,
  parseThanosVersion,
  UsageError,
  wiringsOf,
} from '../index.js';
import type { AnswerKey, WizardAnswers } from './answers.js';
import type { Prompter } from './prompter.js';

export interface QuestionContext {
  plan: MigrationPlan;
  answers: WizardAnswers;
  /** Prints context above a prompt (the prompt's output stream). */
  say(text: string): void;
}

export interface Question {
  id: AnswerKey;
  /** The `migrate` option that answers it. */
  flag: string;
  /** How its value is written after the flag, for the open-question list. */
  placeholder: string;
  /** One line: what it is about, for the open-question list. */
  about: string;
  needed(context: QuestionContext): boolean;
  ask(prompter: Prompter, context: QuestionContext): Promise<WizardAnswers[AnswerKey]>;
}

const LEFTOVER_RULES = new Set(['gossip-port', 'gossip-peers-service']);

/** Blocking findings that this option answers. */
export function asking(plan: MigrationPlan, flag: string): Finding[] {
  return plan.blocking.filter((finding) => finding.asks?.flag === flag);
}

/** The SD paths Thanos will read outside Kubernetes, as the flags will name them. */
export function defaultSdReadPaths(plan: MigrationPlan): string[] {
  return [...new Set(wiringsOf(plan.findings).filter((wiring) => !wiring.configMap && wiring.sdFiles.length > 0).map((wiring) => wiring.readPath))];
}

/** ConfigMaps the migration adds for Kubernetes consumers. */
export function sdConfigMaps(plan: MigrationPlan): { name: string; mountPath: string }[] {
  return wiringsOf(plan.findings).flatMap((wiring) => (wiring.configMap ? [wiring.configMap] : []));
}

/** Whether the plan creates an SD file (a file of its own or a Kubernetes ConfigMap). */
function createsSdFiles(plan: MigrationPlan): boolean {
  return wiringsOf(plan.findings).some((wiring) => wiring.sdFiles.length > 0 || wiring.configMap !== undefined);
}

/**
 * Consumers an endpoint answer is asked for: their list is incomplete, no
 * answer covers them yet, and what is missing is not waiting on another
 * answer (a namespace resolves names).
 */
export function consumersAsking(plan: MigrationPlan, role: 'store' | 'query'): ConsumerEndpoints[] {
  const option = CONSUMER_ROLES[role].option;
  return plan.consumers.filter((entry) => {
    if (entry.role !== role || entry.wiredBy || entry.isAnswered || !isIncomplete(entry)) return false;
    if (entry.unresolved.length > 0 && entry.unresolved.every((u) => u.asks !== undefined && u.asks.flag !== option)) return false;
    return asking(plan, option).length > 0;
  });
}

/** Consumers whose only gap is an open mesh: the user may say the input holds it whole. */
function openMeshConsumers(plan: MigrationPlan): ConsumerEndpoints[] {
  return (['store', 'query'] as const).flatMap((role) => consumersAsking(plan, role)).filter((entry) => entry.unresolved.length === 0 && entry.openings.length > 0 && entry.endpoints.length > 0);
}

function gapOf(entry: ConsumerEndpoints): string {
  const lines = [
    ...entry.unresolved.map((u) => `  - ${u.label} at ${locationOf(u.file, u.span.start)}: missing ${u.missing}`),
    ...entry.openings.map((o) => `  - seed ${o.seed.text} at ${locationOf(o.seed.file, o.seed.span.start)} leads outside the input: ${o.reason}`),
  ];
  const shown = entry.endpoints.map((e) => e.address);
  return `${lines.join('\n')}\n  The input shows: ${shown.length > 0 ? shown.join(', ') : 'none'}`;
}

async function askEndpointsPerConsumer(prompter: Prompter, plan: MigrationPlan, say: (text: string) => void, role: 'store' | 'query'): Promise<string[]> {
  const answers: string[] = [];
  const noun = role === 'store' ? 'StoreAPI' : 'Query HTTP';
  for (const entry of consumersAsking(plan, role)) {
    const who = `${CONSUMER_ROLES[role].consumer} ${entry.name.name}`;
    say(`${who} found its ${noun} endpoints through gossip; the files do not give all of them:\n${gapOf(entry)}\n`);
    const text = await prompter.input(`${noun} endpoints for ${entry.name.name} (HOST:PORT, comma-separated):`, { validate: (t) => validateEndpoints(t, role === 'store' ? 'storeEndpoint' : 'queryEndpoint') });
    for (const address of splitList(text)) answers.push(`${entry.name.name}=${address}`);
  }
  return answers;
}

function checkOptions(raw: Parameters<typeof migrationOptions>[0]): true | string {
  try {
    migrationOptions(raw);
    return true;
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export function validateEndpoints(text: string, option: 'storeEndpoint' | 'queryEndpoint'): true | string {
  const list = splitList(text);
  if (list.length === 0) return 'give at least one HOST:PORT';
  return checkOptions({ [option]: list });
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateNamespace(text: string): true | string {
  const value = text.trim();
  if (value.length > 63 || !NAMESPACE.test(value)) return 'a namespace is a DNS label: lower-case letters, digits and -, at most 63 characters';
  return true;
}

export function validateVersion(text: string, keepGossip: boolean): true | string {
  if (!parseThanosVersion(text.trim())) return 'expected a version like v0.32.0';
  return checkOptions({ thanosVersion: text.trim(), keepGossip });
}

function listFindings(findings: Finding[]): string {
  return findings.map((f) => `  - ${locationOf(f.file, f.span.start)}: ${f.message}`).join('\n');
}


export const QUESTIONS: Question[] = [
  {
    id: 'keep-gossip',
    flag: '--keep-gossip',
    placeholder: '',
    about: 'keep gossip for now (zero-downtime step 1); a --thanos-version of v0.5 or later means no',
    // A target of v0.5 or later answers it: those versions refuse to start with gossip flags.
    needed: ({ plan, answers }) => answers['thanos-version'] == null && plan.findings.some((f) => f.ruleId === 'gossip-flag'),
    ask: (prompter) =>
      prompter.select(
        'Remove gossip in this run?',
        [
          { name: 'Yes: remove gossip and add file-based discovery (Thanos v0.5 or later)', value: 'remove' },
          { name: 'Not yet: add discovery and keep gossip (zero-downtime step 1, stays on v0.2 - v0.4)', value: 'keep' },
        ],
        'remove',
      ).then((choice) => choice === 'keep'),
  },
  {
    id: 'thanos-version',
    flag: '--thanos-version',
    placeholder: 'V',
    about: 'the Thanos version you will run after the migration',
    needed: ({ answers }) => !answers['keep-gossip'],
    ask: async (prompter, { answers }) => {
      const choice = await prompter.select(
        'Which Thanos version will run after the migration?',
        [
          { name: 'v0.5 - v0.37: Query reads --store.sd-files (accepted by every release)', value: 'v0.5.0' },
          { name: 'v0.38 or later: Query reads --endpoint.sd-config-file', value: 'v0.38.0' },
          { name: 'another version…', value: 'other' },
        ],
        'v0.5.0',
      );
      if (choice !== 'other') return choice;
      const text = await prompter.input('Thanos version (like v0.32.0):', { validate: (t) => validateVersion(t, Boolean(answers['keep-gossip'])) });
      return formatVersion(parseThanosVersion(text.trim())!);
    },
  },
  {
    id: 'namespace',
    flag: '--namespace',
    placeholder: 'NS',
    about: 'the Kubernetes namespace of objects whose metadata has none',
    needed: ({ plan }) => asking(plan, '--namespace').length > 0,
    ask: async (prompter, { plan, say }) => {
      say(`These objects have no metadata.namespace, so their DNS names are unknown:\n${asking(plan, '--namespace').map((f) => `  - ${locationOf(f.file, f.span.start)}: ${f.asks!.about}`).join('\n')}\n`);
      return (await prompter.input('Namespace they are deployed in:', { validate: validateNamespace })).trim();
    },
  },
  {
    id: 'mesh-complete',
    flag: '--mesh-complete',
    placeholder: 'NAME',
    about: 'Queriers and Rulers whose gossip mesh the input holds whole, although a seed leads outside it',
    needed: ({ plan }) => openMeshConsumers(plan).length > 0,
    ask: async (prompter, { plan, say }) => {
      const complete: string[] = [];
      for (const entry of openMeshConsumers(plan)) {
        say(`The gossip mesh of ${entry.name.name} reaches outside the input:\n${gapOf(entry)}\n`);
        const choice = await prompter.select(
          `Does the input hold every ${entry.role === 'store' ? 'StoreAPI' : 'Querier'} of this mesh?`,
          [
            { name: 'No: I will give the missing endpoints next', value: 'missing' },
            { name: 'Yes: what the input shows is the whole mesh', value: 'complete' },
          ],
          'missing',
        );
        if (choice === 'complete') complete.push(entry.name.name);
      }
      return complete;
    },
  },
  {
    id: 'store-endpoint',
    flag: '--store-endpoint',
    placeholder: 'NAME=HOST:PORT',
    about: 'StoreAPI addresses a Querier must reach that the files do not determine',
    needed: ({ plan }) => consumersAsking(plan, 'store').length > 0,
    ask: (prompter, { plan, say }) => askEndpointsPerConsumer(prompter, plan, say, 'store'),
  },
  {
    id: 'query-endpoint',
    flag: '--query-endpoint',
    placeholder: 'NAME=HOST:PORT',
    about: 'Query HTTP addresses a Ruler must reach that the files do not determine',
    needed: ({ plan }) => consumersAsking(plan, 'query').length > 0,
    ask: (prompter, { plan, say }) => askEndpointsPerConsumer(prompter, plan, say, 'query'),
  },
  {
    id: 'sd-format',
    flag: '--sd-format',
    placeholder: 'yaml|json',
    about: 'the encoding of the SD files (migrate defaults to yaml)',
    needed: ({ plan }) => createsSdFiles(plan) || asking(plan, '--sd-path').length > 0,
    ask: (prompter) =>
      prompter.select(
        'Encoding of the service-discovery files?',
        [
          { name: 'YAML, with a comment per endpoint saying where it came from', value: 'yaml' as const },
          { name: 'JSON', value: 'json' as const },
        ],
        'yaml',
      ),
  },
  {
    id: 'sd-path',
    flag: '--sd-path',
    placeholder: 'PATH',
    about: 'the path Thanos reads the SD file at (inside the container for docker run and compose)',
    needed: ({ plan }) => asking(plan, '--sd-path').length > 0 || defaultSdReadPaths(plan).length > 0,
    ask: async (prompter, { plan, say }) => {
      const required = asking(plan, '--sd-path');
      if (required.length > 0) {
        say(`The SD file must be mounted into the container; the files do not say where:\n${listFindings(required)}\n`);
        return (await prompter.input('Path of the SD file inside the container:', { default: '/etc/thanos/thanos-store-sd.yaml', validate: (t) => (t.trim().startsWith('/') ? true : 'give an absolute path') })).trim();
      }
      const defaults = defaultSdReadPaths(plan);
      const choice = await prompter.select(
        'Where does Thanos read the SD file?',
        [
          { name: `Where the tool puts it: ${defaults.join(', ')}`, value: 'default' },
          { name: 'Another path…', value: 'other' },
        ],
        'default',
      );
      if (choice === 'default') return null;
      return (await prompter.input('Path Thanos reads the SD file at:', { validate: (t) => (t.trim() ? true : 'give a path') })).trim();
    },
  },
  {
    id: 'leftovers',
    flag: '--leftovers',
    placeholder: 'remove|report',
    about: 'remove gossip leftovers (cluster ports, peers Services) or only report them (migrate defaults to remove)',
    needed: ({ plan, answers }) => !answers['keep-gossip'] && plan.findings.some((f) => LEFTOVER_RULES.has(f.ruleId)),
    ask: async (prompter, { plan, say }) => {
      say(`Gossip leftovers (nothing listens on them once gossip is off):\n${listFindings(plan.findings.filter((f) => LEFTOVER_RULES.has(f.ruleId)))}\n`);
      return prompter.select(
        'What should happen to them?',
        [
          { name: 'Remove them', value: 'remove' as const },
          { name: 'Only report them', value: 'report' as const },
        ],
        'remove',
      );
    },
  },
];

/** Questions the plan leaves open and the answers do not settle. */
export function openQuestions(context: Omit<QuestionContext, 'say'>): Question[] {
  const withSay = { ...context, say: () => undefined };
  return QUESTIONS.filter((question) => context.answers[question.id] === undefined && question.needed(withSay));
}
