// From a carrier's argv to a Thanos invocation: which program runs, which
// component, and its flags with the words they were written in. Kingpin
// semantics: `--flag=value`, `--flag value`, `--flag` / `--no-flag` for
// booleans, global flags before the subcommand.

import type { ArgvCarrier, Component, FlagUse, Invocation, Word } from '../model.js';
import { isComponent, isThanosImage, isThanosProgram } from '../thanos/components.js';
import { isBooleanFlag } from '../thanos/flags.js';

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
/** docker/podman run options that take a separate value (everything else is a switch). */
const RUNNER_VALUE_OPTIONS = /^-(?:[evpwuhlm]|-(?:env|volume|publish|workdir|user|hostname|label|name|network|net|entrypoint|mount|memory|cpus|restart|add-host|log-driver|log-opt|env-file|link|dns|device|ulimit|cap-add|cap-drop|security-opt|tmpfs|pid|ipc|platform|pull|expose|label-file|health-cmd|stop-signal|runtime|group-add))$/;

export interface ProgramMatch {
  /** The argv handed to Thanos (subcommand and flags). */
  argv: Word[];
  isContainerized: boolean;
  runner?: string;
}

/** Index of the program word: past `VAR=x` assignments and wrappers (`sudo -u thanos`, `nice -n 10`, `exec`…). */
function programIndex(words: Word[]): number {
  let index = 0;
  let wrapper: string | null = null;
  while (index < words.length) {
    const word = words[index]!;
    if (WRAPPERS.has(word.value) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word.value)) {
      if (WRAPPERS.has(word.value)) wrapper = word.value;
      index++;
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

/** Locate Thanos in a carrier, or null when the carrier runs another program. */
export function findThanosArgv(carrier: ArgvCarrier): ProgramMatch | null {
  const words = carrier.words;
  if (carrier.image !== undefined) {
    if (carrier.argsOnly) {
      return looksLikeThanosImage(carrier) ? { argv: words, isContainerized: true } : null;
    }
    const program = words[0];
    if (program && isThanosProgram(program.value)) return { argv: words.slice(1), isContainerized: true };
    return null;
  }
  const index = programIndex(words);
  const program = words[index];
  if (!program) return null;
  if (isThanosProgram(program.value)) return { argv: words.slice(index + 1), isContainerized: false };
  if (CONTAINER_RUNNERS.has(program.value.split('/').pop() ?? '') && words[index + 1]?.value === 'run') {
    let isHostNetwork = false;
    for (let i = index + 2; i < words.length; i++) {
      const value = words[i]!.value;
      if (/^--net(work)?=host$/.test(value) || (/^--net(work)?$/.test(value) && words[i + 1]?.value === 'host')) isHostNetwork = true;
      if (value.startsWith('-')) {
        if (RUNNER_VALUE_OPTIONS.test(value)) i++;
        continue;
      }
      if (!isThanosImage(value)) return null;
      const rest = words.slice(i + 1);
      // `docker run … thanos-image thanos sidecar …` names the binary again.
      const isContainerized = !isHostNetwork;
      const runner = program.value.split('/').pop() ?? program.value;
      if (rest[0] && isThanosProgram(rest[0].value)) return { argv: rest.slice(1), isContainerized, runner };
      return { argv: rest, isContainerized, runner };
    }
  }
  return null;
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

export function parseInvocation(carrier: ArgvCarrier, argv: Word[], isContainerized: boolean, runner?: string): Invocation | null {
  const last = argv[argv.length - 1] ?? carrier.words[carrier.words.length - 1];
  if (!last) return null;
  let component: Component | null = null;
  let componentWord: Word | undefined;
  const flags: FlagUse[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const value = word.value;
    if (!value.startsWith('--') || value === '--') {
      if (component === null && componentWord === undefined && isComponent(value)) {
        component = value;
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
  return { carrier, component, componentWord, argv, flags, lastWord: last, isContainerized, ...(runner ? { runner } : {}) };
}

export function findInvocation(carrier: ArgvCarrier): Invocation | null {
  const match = findThanosArgv(carrier);
  return match ? parseInvocation(carrier, match.argv, match.isContainerized, match.runner) : null;
}

/** The words a flag occupies. */
export function wordsOfFlag(flag: FlagUse): Word[] {
  return flag.valueWord ? [flag.nameWord, flag.valueWord] : [flag.nameWord];
}

export function flagValues(invocation: Invocation, name: string): FlagUse[] {
  return invocation.flags.filter((flag) => flag.name === name);
}
