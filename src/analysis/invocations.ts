// From a carrier's argv to a Thanos invocation: which program runs, which
// component, and its flags with the words they were written in. Kingpin
// semantics: `--flag=value`, `--flag value`, `--flag` / `--no-flag` for
// booleans, global flags before the subcommand.

import type { ArgvCarrier, Component, FlagUse, Identification, Invocation, Word } from '../model.js';
import { COMPONENTS } from '../thanos/components.js';
import { isComponent, isThanosImage, isThanosProgram } from '../thanos/vocabulary.js';
import { flagStatus, isBooleanFlag, NEWEST_KNOWN } from '../thanos/flags.js';
import { looksLikeGossipFlag } from '../thanos/vocabulary.js';
import { COMPONENT_ALIASES, otherProgramName } from '../thanos/other-programs.js';
import { lineColumnAt } from '../argv/text-lines.js';
import { resolveShellWord } from './shell-values.js';

/** Words that may precede the program on a shell command line. */
const WRAPPERS = new Set(['exec', 'sudo', 'nohup', 'env', 'time', 'nice', 'do', 'then', 'else', '{', '!', 'command', 'setsid', 'stdbuf', 'chpst']);
/** Options of a wrapper that take a separate value (`sudo -u thanos thanos …`, `nice -n 10 thanos …`); other `-x` words are switches. */
const WRAPPER_VALUE_OPTIONS: Record<string, RegExp> = {
  sudo: /^-[ugCDhprtUT]$/,
  nice: /^-n$/,
  env: /^-[uCS]$/,
  time: /^-[fo]$/,
  stdbuf: /^-[ioe]$/,
  chpst: /^-[uUenlLmdofcprt]$/,
  exec: /^-a$/,
};
const CONTAINER_RUNNERS = new Set(['docker', 'podman', 'nerdctl']);
/** Runners that start the command on another machine. */
const REMOTE_RUNNERS = new Set(['ssh']);
/** ssh options that take a separate value (`-p 22`, `-o StrictHostKeyChecking=no`); the rest are switches. */
const SSH_VALUE_OPTIONS = /^-[BbcDEeFIiJLlmOopQRSWw]$/;
/** docker/podman run options that take a separate value (everything else is a switch). */
const RUNNER_VALUE_OPTIONS = /^-(?:[evpwuhlm]|-(?:env|volume|publish|workdir|user|hostname|label|name|network|net|entrypoint|mount|memory|cpus|restart|add-host|log-driver|log-opt|env-file|link|dns|device|ulimit|cap-add|cap-drop|security-opt|tmpfs|pid|ipc|platform|pull|expose|label-file|health-cmd|stop-signal|runtime|group-add))$/;

export interface ProgramMatch {
  /** The argv handed to Thanos (subcommand and flags). */
  argv: Word[];
  isContainerized: boolean;
  runner?: string;
}

/** Wrappers that take positional operands before the program (`timeout 30 thanos`, `gosu thanos thanos`). */
const WRAPPER_OPERANDS: Record<string, number> = { timeout: 1, gosu: 1, 'su-exec': 1, taskset: 1, chroot: 1 };

/** Index of the program word: past `VAR=x` assignments and wrappers (`sudo -u thanos`, `nice -n 10`, `exec`…). */
function programIndex(words: Word[]): number {
  let index = 0;
  let wrapper: string | null = null;
  while (index < words.length) {
    const word = words[index]!;
    const name = word.value.split('/').pop() ?? word.value;
    if (WRAPPERS.has(word.value) || WRAPPERS.has(name) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word.value)) {
      if (WRAPPERS.has(word.value) || WRAPPERS.has(name)) wrapper = name;
      index++;
      continue;
    }
    if (WRAPPER_OPERANDS[name] !== undefined) {
      wrapper = name;
      index++;
      while (words[index]?.value.startsWith('-') && !isThanosProgram(words[index]!.value)) index++;
      index += WRAPPER_OPERANDS[name]!;
      continue;
    }
    if (wrapper !== null && word.value.startsWith('-') && !isThanosProgram(word.value)) {
      index += WRAPPER_VALUE_OPTIONS[wrapper]?.test(word.value) ? 2 : 1;
      continue;
    }
    break;
  }
  return index;
}

/** The program a shell-style argv runs, if any. */
export function programWord(words: Word[]): Word | undefined {
  return words[programIndex(words)];
}

/** Who a carrier's argv belongs to: Thanos (and how sure), a named other program, or a program the input does not identify. */
export type ProgramIdentity =
  | ({ kind: 'thanos'; identified: Identification; identifiedBy: string; foreignBinary?: string } & ProgramMatch)
  | { kind: 'other'; name: string }
  | { kind: 'unknown'; program: string };

/** What a carrier's program word or image says once shell variables of the same script are resolved. */
function programName(carrier: ArgvCarrier, word: Word): { value: string; how: string } {
  if (!word.hasExpansion || !carrier.shellVariables) return { value: word.value, how: '' };
  const resolved = resolveShellWord(word.value, carrier.shellVariables);
  if (resolved.via.length === 0) return { value: word.value, how: '' };
  const lines = resolved.via.map((assignment) => lineColumnAt(assignment.word.file, assignment.word.span.start).line);
  return { value: resolved.value, how: `${word.value} is ${resolved.value} (line ${[...new Set(lines)].sort((a, b) => a - b).join(', ')})` };
}

/** Locate Thanos in a carrier, or say whose argv it is. */
export function identifyProgram(carrier: ArgvCarrier): ProgramIdentity {
  const words = carrier.words;
  if (carrier.image !== undefined) {
    if (carrier.argsOnly) {
      const imageFrom = carrier.context.kind === 'workload' ? carrier.context.kustomizePatch?.imageFrom : undefined;
      if (looksLikeThanosImage(carrier)) return thanos({ argv: words, isContainerized: true }, 'named', imageFrom ? `image ${carrier.image} of ${imageFrom}, which this kustomize patch patches` : `image ${carrier.image}`);
      return byArgv({ argv: words, isContainerized: true }, carrier.image, `image ${carrier.image}`);
    }
    const program = words[0];
    if (program && isThanosProgram(program.value)) return thanos({ argv: words.slice(1), isContainerized: true }, 'named', `${program.value} in image ${carrier.image}`);
    if (!program) return { kind: 'unknown', program: `image ${carrier.image}` };
    return byArgv({ argv: words.slice(1), isContainerized: true }, program.value);
  }
  const index = programIndex(words);
  const word = words[index];
  if (!word) return { kind: 'unknown', program: 'no program' };
  const program = programName(carrier, word);
  const rest = words.slice(index + 1);
  if (isThanosProgram(program.value)) return thanos({ argv: rest, isContainerized: false }, 'named', program.how || program.value);
  const runner = program.value.split('/').pop() ?? program.value;
  if (CONTAINER_RUNNERS.has(runner) && (words[index + 1]?.value === 'run' || words[index + 1]?.value === 'create')) return containerRun(words, index, runner);
  if (REMOTE_RUNNERS.has(runner)) return remoteRun(words, index, runner);
  return byArgv({ argv: rest, isContainerized: false }, program.value, program.how);
}

/**
 * `ssh [options] HOST thanos query …`: Thanos runs on HOST, not here. Its
 * loopback is not this machine's (`isContainerized`), and a path on this
 * machine means nothing to it (`runner`: the carrier refuses to wire a
 * local SD file).
 */
function remoteRun(words: Word[], index: number, runner: string): ProgramIdentity {
  let i = index + 1;
  while (i < words.length && words[i]!.value.startsWith('-')) i += SSH_VALUE_OPTIONS.test(words[i]!.value) ? 2 : 1;
  const host = words[i];
  if (!host) return { kind: 'unknown', program: `${runner} without a host` };
  const remote = words.slice(i + 1);
  const at = programIndex(remote);
  const program = remote[at];
  if (!program) return { kind: 'unknown', program: `${runner} ${host.value} (an interactive session)` };
  const match = { argv: remote.slice(at + 1), isContainerized: true, runner };
  if (isThanosProgram(program.value)) return thanos(match, 'named', `${program.value} on ${host.value} over ${runner}`);
  return byArgv(match, program.value, `${program.value} on ${host.value} over ${runner}`);
}

function thanos(match: ProgramMatch, identified: Identification, identifiedBy: string, foreignBinary?: string): ProgramIdentity {
  return { kind: 'thanos', ...match, identified, identifiedBy, ...(foreignBinary !== undefined ? { foreignBinary } : {}) };
}

/** `docker run … IMAGE [thanos] sidecar …`: the image decides. */
function containerRun(words: Word[], index: number, runner: string): ProgramIdentity {
  let isHostNetwork = false;
  for (let i = index + 2; i < words.length; i++) {
    const value = words[i]!.value;
    if (/^--net(work)?=host$/.test(value) || (/^--net(work)?$/.test(value) && words[i + 1]?.value === 'host')) isHostNetwork = true;
    if (value.startsWith('-')) {
      if (RUNNER_VALUE_OPTIONS.test(value)) i++;
      continue;
    }
    const rest = words.slice(i + 1);
    // `docker run … thanos-image thanos sidecar …` names the binary again.
    const argv = rest[0] && isThanosProgram(rest[0].value) ? rest.slice(1) : rest;
    const match = { argv, isContainerized: !isHostNetwork, runner };
    if (isThanosImage(value)) return thanos(match, 'named', `${runner} image ${value}`);
    return byArgv(match, value, `${runner} image ${value}`);
  }
  return { kind: 'unknown', program: `${runner} run without an image` };
}

/**
 * A program the input does not name as thanos: a known other program is
 * theirs; otherwise the argv decides. A Thanos subcommand followed only by
 * flags Thanos knows is Thanos, likely; a thanos-named binary, or a Thanos
 * StoreAPI subcommand, with --grpc-address and gossip flags is a StoreAPI
 * provider built on Thanos (Go-SIP's thanos-remote-receive), likely.
 */
function byArgv(match: ProgramMatch, program: string, how = ''): ProgramIdentity {
  const other = otherProgramName(program);
  if (other !== undefined) return { kind: 'other', name: other };
  const parsed = parseArgv(match.argv);
  const named = how || program;
  const flags = parsed.flags.filter((flag) => !/[${}<%]/.test(flag.name));
  // One generic flag (`--http-address`) says little: a gossip flag or two Thanos flags do.
  const isEnough = flags.some((flag) => looksLikeGossipFlag(flag.name)) || flags.length >= 2;
  if (parsed.component !== null && isEnough && flags.every((flag) => isThanosFlag(parsed.component!, flag.name))) {
    const what = /\$|`/.test(program) && how === '' ? `${program} is only known at run time` : `${named} is not named thanos`;
    return thanos(match, 'likely', `${what}, but \`${parsed.component}\` and its flags are Thanos's`);
  }
  const subcommand = match.argv.find((word) => !word.value.startsWith('-'))?.value ?? '';
  const isStoreApiSubcommand = COMPONENT_ALIASES[subcommand] !== undefined || (isComponent(subcommand) && COMPONENTS[subcommand].servesStoreApi);
  const hasStoreApiFlags = flags.some((flag) => flag.name === 'grpc-address') && flags.some((flag) => looksLikeGossipFlag(flag.name));
  if (hasStoreApiFlags && (/thanos/i.test(program) || isStoreApiSubcommand)) {
    return thanos(match, 'likely', `${named} is not thanos, but serves --grpc-address and joined the gossip mesh: a StoreAPI built on Thanos`, program.split('/').pop() ?? program);
  }
  return { kind: 'unknown', program: named };
}

function isThanosFlag(component: Component, name: string): boolean {
  return looksLikeGossipFlag(name) || flagStatus(component, name, NEWEST_KNOWN).status !== 'unknown';
}

function looksLikeThanosImage(carrier: ArgvCarrier): boolean {
  const image = carrier.image ?? '';
  if (isThanosImage(image)) return true;
  // A templated image (`{{ .Values.image.repository }}:…`) says nothing by itself:
  // accept it when the first argument is a Thanos component and the container
  // or the image expression names thanos.
  const first = carrier.words[0]?.value ?? '';
  const isTemplated = /\{\{|\$\{|<%/.test(image);
  return isTemplated && isComponent(first) && /thanos/i.test(`${image} ${carrier.context.container ?? ''} ${carrier.context.label}`);
}

interface ParsedArgv {
  component: Component | null;
  componentWord?: Word;
  flags: FlagUse[];
}

/** Kingpin's reading of an argv: the first component word is the subcommand; flags with their values. */
function parseArgv(argv: Word[], aliases: Record<string, Component> = {}): ParsedArgv {
  let component: Component | null = null;
  let componentWord: Word | undefined;
  const flags: FlagUse[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const value = word.value;
    if (!value.startsWith('--') || value === '--') {
      const named = isComponent(value) ? value : aliases[value];
      if (component === null && componentWord === undefined && named !== undefined) {
        component = named;
        componentWord = word;
      }
      continue;
    }
    const equals = value.indexOf('=');
    if (equals !== -1) {
      flags.push({ name: value.slice(2, equals), value: value.slice(equals + 1), form: 'equals', nameWord: word });
      continue;
    }
    const raw = value.slice(2);
    const negatedName = raw.startsWith('no-') ? raw.slice(3) : null;
    if (negatedName !== null && isBooleanFlag(component, negatedName) === true) {
      flags.push({ name: negatedName, value: 'false', form: 'negated', nameWord: word });
      continue;
    }
    const isBoolean = isBooleanFlag(component, raw);
    const next = argv[i + 1];
    const nextTakesValue = next !== undefined && !next.value.startsWith('--') && !(component === null && isComponent(next.value) && isBoolean !== false);
    if (isBoolean === true || !nextTakesValue) {
      flags.push({ name: raw, value: null, form: 'boolean', nameWord: word });
      continue;
    }
    flags.push({ name: raw, value: next!.value, form: 'separate', nameWord: word, valueWord: next });
    i++;
  }
  return { component, ...(componentWord ? { componentWord } : {}), flags };
}

export function findInvocation(carrier: ArgvCarrier): Invocation | null {
  const identity = identifyProgram(carrier);
  if (identity.kind !== 'thanos') return null;
  const { argv, isContainerized, runner, identified, identifiedBy, foreignBinary } = identity;
  const last = argv[argv.length - 1] ?? carrier.words[carrier.words.length - 1];
  if (!last) return null;
  // A StoreAPI built on Thanos (no component of its own): what gossip knew it as, a store.
  const parsed = parseArgv(argv, foreignBinary !== undefined ? COMPONENT_ALIASES : {});
  const component = parsed.component ?? (foreignBinary !== undefined ? 'store' : null);
  return {
    carrier,
    component,
    ...(parsed.componentWord ? { componentWord: parsed.componentWord } : {}),
    argv,
    flags: parsed.flags,
    lastWord: last,
    isContainerized,
    ...(runner ? { runner } : {}),
    identified,
    identifiedBy,
    ...(foreignBinary !== undefined ? { foreignBinary } : {}),
  };
}

/** The words a flag occupies. */
export function wordsOfFlag(flag: FlagUse): Word[] {
  return flag.valueWord ? [flag.nameWord, flag.valueWord] : [flag.nameWord];
}

export function flagValues(invocation: Invocation, name: string): FlagUse[] {
  return invocation.flags.filter((flag) => flag.name === name);
}
