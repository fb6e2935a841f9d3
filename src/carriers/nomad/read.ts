// Nomad job files (`.nomad`, `.nomad.hcl`, HCL with a `job` block): each
// `task` whose `config` block holds an `args = [ … ]` list is an argv, one
// word per list element, spans exact. Docker and podman tasks run their
// image's entrypoint (thanos images: /bin/thanos) on `args`, or `command`
// then `args`; raw_exec, exec and the rest run `command` with `args`.
// `${NOMAD_…}` and `{{ env … }}` stay in the values as written: Nomad fills
// them at run time and the tool never guesses what they become.

import type { ArgvCarrier, ContextBase, SourceFile, Span, Word } from '../../model.js';
import type { EmbeddedProblem } from '../embedded/common.js';
import { gossipMentions } from '../embedded/common.js';
import { lineColumnAt } from '../../argv/text-lines.js';
import { attributeOf, blocksOf, stringAttribute, type HclBlock } from './body.js';
import { groupHcl, HclSyntaxError, tokenizeHcl, type HclGroup, type HclItem } from './tokenize.js';
import { hclListEditor, listElements, type ListElement } from './list-edit.js';
import { furthestReach } from '../../sorted.js';

/** A task of a Nomad job: what the analysis and the messages may know of it. */
export interface NomadTaskContext extends ContextBase {
  kind: 'nomad-task';
  job: string;
  group: string;
  task: string;
  driver: string;
}

/** Where a task's argv sits, for wiring discovery into the task (the template stanza goes after `config`). */
export interface NomadTaskPlace {
  task: HclBlock;
  config: HclBlock;
  /** `destination` of the task's template stanzas, as written. */
  templateDestinations: string[];
}

export interface NomadReadResult {
  carriers: ArgvCarrier[];
  places: Map<ArgvCarrier, NomadTaskPlace>;
  problems: EmbeddedProblem[];
}

/** Drivers that run an image: its entrypoint is the program unless `command` (or `entrypoint`) names one. */
const IMAGE_DRIVERS = new Set(['docker', 'podman', 'containerd-driver', 'nspawn']);

export function readNomadJob(file: SourceFile): NomadReadResult {
  const result: NomadReadResult = { carriers: [], places: new Map(), problems: [] };
  let items: HclItem[];
  try {
    items = groupHcl(tokenizeHcl(file.text));
  } catch (error) {
    if (!(error instanceof HclSyntaxError)) throw error;
    result.problems.push({ span: { start: error.offset, end: error.offset }, message: `HCL syntax error: ${error.message}`, isManual: false });
    return result;
  }
  // Strings no argv word holds, with why they are left to a human.
  const why = new Map<Span, string>();
  for (const job of blocksOf(file, items, 'job')) {
    const jobName = job.labels[0] ?? '';
    // HCL1 allowed a task directly in a job: Nomad gives it a group of its own name.
    const groups = [...blocksOf(file, job.body, 'group').map((group) => ({ name: group.labels[0] ?? '', body: group.body })), ...blocksOf(file, job.body, 'task').map((task) => ({ name: task.labels[0] ?? '', body: null, task }))];
    for (const group of groups) {
      const tasks = 'task' in group ? [group.task] : blocksOf(file, group.body!, 'task');
      for (const task of tasks) readTask(file, { job: jobName, group: group.name }, task, result, why);
    }
  }
  // Whether an argv word holds a string, by one binary search: a scan of every word per string was n² in a job of many groups.
  const heldUpTo = furthestReach(result.carriers.flatMap((carrier) => carrier.words.map((word) => word.span)));
  for (const token of stringTokens(items)) {
    if (heldUpTo(token.span.start) >= token.span.end) continue;
    for (const span of gossipMentions(file.text, token.span)) {
      const reason = whyOf(why, token.span) ?? 'in a Nomad job string that is not an element of a task config args list';
      result.problems.push({ span, message: `manual: ${file.text.slice(span.start, span.end)} ${reason}`, isManual: true });
    }
  }
  result.problems.sort((a, b) => a.span.start - b.span.start);
  return result;
}

function whyOf(why: Map<Span, string>, span: Span): string | undefined {
  for (const [range, reason] of why) if (range.start <= span.start && span.end <= range.end) return reason;
  return undefined;
}

function readTask(file: SourceFile, where: { job: string; group: string }, task: HclBlock, result: NomadReadResult, why: Map<Span, string>): void {
  const taskName = task.labels[0] ?? '';
  const driver = stringAttribute(file, task.body, 'driver') ?? '';
  const label = `task "${taskName}" of group "${where.group}" (job "${where.job}")`;
  const templates = blocksOf(file, task.body, 'template');
  for (const template of templates) why.set(template.span, `in a template stanza of ${label} (a file Nomad renders for the task, not its argv)`);
  for (const env of blocksOf(file, task.body, 'env')) why.set(env.span, `in the env of ${label}`);
  const config = blocksOf(file, task.body, 'config')[0];
  if (!config) return;
  const args = attributeOf(file, config.body, 'args');
  if (!args) return;
  const list = args.value.length === 1 && args.value[0]!.kind === 'group' && args.value[0]!.open.text === '[' ? args.value[0] : undefined;
  const line = lineColumnAt(file, args.span.start).line;
  if (!list) {
    why.set(args.span, `in the args of ${label} (line ${line}): built by an expression, not a list the tool can edit`);
    return;
  }
  const elements = listElements(file, list);
  const stuck = elements.find((element) => !element.isWhole);
  if (stuck) {
    why.set(list.span, `in the args of ${label}: an element at line ${lineColumnAt(file, stuck.span.start).line} shares its lines with others across a line break, so it cannot be removed whole`);
    return;
  }
  const argsWords = elements.map((element) => wordOf(file, element));
  const image = IMAGE_DRIVERS.has(driver) ? imageOf(file, config.body) : undefined;
  const command = commandWord(file, config.body);
  const words = command ? [command, ...argsWords] : argsWords;
  if (words.length === 0 || (image === undefined && !command)) {
    why.set(list.span, `in the args of ${label}: the task's driver "${driver}" names no command or image the tool can read`);
    return;
  }
  const context: NomadTaskContext = {
    kind: 'nomad-task',
    label,
    // The tasks of one group are placed together, in one allocation on one node.
    hostGroup: `nomad:${file.path}:${where.job}/${where.group}`,
    container: taskName,
    names: [`${where.group}/${taskName}`, `${where.job}/${where.group}/${taskName}`],
    job: where.job,
    group: where.group,
    task: taskName,
    driver,
  };
  const carrier: ArgvCarrier = {
    kind: 'hcl-list',
    file,
    context,
    words,
    ...(image !== undefined ? { image } : {}),
    ...(image !== undefined && !command ? { argsOnly: true } : {}),
    editor: hclListEditor(file, list, elements, argsWords),
  };
  result.carriers.push(carrier);
  result.places.set(carrier, { task, config, templateDestinations: templates.map((template) => stringAttribute(file, template.body, 'destination') ?? '') });
}

function imageOf(file: SourceFile, config: HclGroup): string | undefined {
  const attribute = attributeOf(file, config, 'image');
  if (!attribute) return undefined;
  return stringAttribute(file, config, 'image') ?? file.text.slice(attribute.value[0]!.span.start, attribute.span.end);
}

/** `command = "…"`: the program, a word of its own outside the list (never removed: it is not a flag). */
function commandWord(file: SourceFile, config: HclGroup): Word | undefined {
  const attribute = attributeOf(file, config, 'command');
  const only = attribute?.value.length === 1 ? attribute.value[0] : undefined;
  if (only?.kind !== 'string') return undefined;
  return { file, span: only.span, value: only.value, hasExpansion: only.isTemplate };
}

/** A list element as a word: a string keeps its value; an expression is `${…}` as written (never evaluated). */
function wordOf(file: SourceFile, element: ListElement): Word {
  const only = element.items.length === 1 ? element.items[0] : undefined;
  if (only?.kind === 'string' || only?.kind === 'heredoc') return { file, span: element.span, value: only.value, hasExpansion: only.isTemplate };
  return { file, span: element.span, value: `\${${file.text.slice(element.span.start, element.span.end)}}`, hasExpansion: true };
}

function stringTokens(items: HclItem[]): HclItem[] {
  return items.flatMap((item) => (item.kind === 'group' ? stringTokens(item.items) : item.kind === 'string' || item.kind === 'heredoc' ? [item] : []));
}
