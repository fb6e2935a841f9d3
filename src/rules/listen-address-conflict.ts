import type { Finding, Invocation, Word } from '../model.js';
import { isLoopbackHost, isWildcardHost, splitHostPort } from '../analysis/host-port.js';
import { loopBindings, loopIterations } from '../analysis/endpoints.js';
import { isRunTimeValue } from '../analysis/gossip-address.js';
import { lineColumnAt } from '../argv/text-lines.js';
import type { Rule } from './types.js';
import { messageOf, type Messages } from './messages.js';

/** Flags a Thanos process listens on (the gossip one too: before v0.5 it binds like the others). */
const LISTEN_FLAGS = ['grpc-address', 'http-address', 'cluster.address', 'api-address', 'metrics-address'];

interface Binding {
  invocation: Invocation;
  /** The loop iteration, for a process started in a shell loop (`i=2`). */
  iteration?: string;
  flag: string;
  address: string;
  host: string;
  port: string;
  /** The word that spells it. */
  word: Word;
}

/** Two listeners clash on one machine when the ports match and either takes every interface or both take the same one. */
function clashes(a: Binding, b: Binding): boolean {
  if (a.port !== b.port) return false;
  if (isWildcardHost(a.host) || isWildcardHost(b.host)) return true;
  const local = (host: string) => (isLoopbackHost(host) ? '127.0.0.1' : host.toLowerCase());
  return local(a.host) === local(b.host);
}

/**
 * Only addresses written on the command line. A flag left out binds its
 * default, but inputs that list the processes of several machines in one
 * file (runbooks, test scripts) leave them out far more often than scripts
 * that really clash: defaults would warn where nothing does.
 */
function bindingsOf(invocation: Invocation): Binding[] {
  const iterations = loopIterations(invocation);
  const labels = loopBindings(invocation).map((values) => Object.entries(values).map(([name, value]) => `${name}=${value}`).join(', '));
  return iterations.flatMap((iteration, index) => {
    const loopNote = labels[index];
    return iteration.flags
      .filter((flag) => LISTEN_FLAGS.includes(flag.name) && flag.value !== null && !isRunTimeValue(flag.value))
      .map((flag) => binding(invocation, loopNote, flag.name, flag.value!, flag.valueWord ?? flag.nameWord));
  });
}

function binding(invocation: Invocation, iteration: string | undefined, flag: string, address: string, word: Word): Binding {
  const { host, port } = splitHostPort(address);
  return { invocation, ...(iteration !== undefined ? { iteration } : {}), flag, address, host, port, word };
}

function describe(b: Binding): string {
  const file = b.invocation.carrier.file;
  const where = `${file.path}:${lineColumnAt(file, (b.invocation.componentWord ?? b.invocation.lastWord).span.start).line}`;
  const process = `thanos ${b.invocation.component ?? ''}`.trim();
  return `${process} at ${where}${b.iteration ? ` (${b.iteration})` : ''} with --${b.flag} ${b.address}`;
}

const messages = {
  sameAddress: '{{later}} listens where {{earlier}} already does: one of them cannot start',
} as const satisfies Messages;

export const listenAddressConflictRule: Rule<typeof messages> = {
  id: 'listen-address-conflict',
  meta: {
    severity: 'warning',
    description: 'Two Thanos processes of one machine (a script, a pod) listen on the same address: the second cannot start.',
    explanation:
      'A shell script starts its processes on one machine, and the containers of a pod share one network: two listeners on ' +
      'one port (0.0.0.0 takes every interface) make the later one fail with "address already in use". Shell loops count ' +
      'once per iteration (1909${i} in `for i in 1 2 3` is three ports); only addresses written on the command line are ' +
      'compared, not defaults, and not addresses only known at run time. Give each process its own port.',
    fixable: false,
    messages,
  },
  check(context) {
    const findings: Finding[] = [];
    const machines = new Map<string, Binding[]>();
    for (const invocation of context.invocations) {
      const context = invocation.carrier.context;
      const machine = context.hostGroup;
      // A container started by `docker run` has a network of its own; a pod's containers and a compose service's share one.
      const sharesNetwork = !invocation.isContainerized || context.kind === 'workload' || context.kind === 'compose';
      if (machine === undefined || !sharesNetwork) continue;
      machines.set(machine, [...(machines.get(machine) ?? []), ...bindingsOf(invocation)]);
    }
    for (const bindings of machines.values()) {
      const reported = new Set<string>();
      for (const [index, later] of bindings.entries()) {
        const earlier = bindings.slice(0, index).find((candidate) => clashes(candidate, later));
        if (!earlier) continue;
        const message = messageOf(this, 'sameAddress', { later: describe(later), earlier: describe(earlier) });
        const key = `${later.word.span.start}\u0000${message.message}`;
        if (reported.has(key)) continue;
        reported.add(key);
        findings.push({ ...message, severity: this.meta.severity, file: later.word.file, span: later.word.span });
      }
    }
    return findings;
  },
};
