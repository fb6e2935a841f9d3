// A program word as the shell would see it: `"$THANOS_BIN"` after
// `THANOS_BIN="${THANOS_BIN:-/opt/thanos/bin/thanos}"`, `${THANOS}` after
// `THANOS=./thanos`. Only assignments made earlier in the same script and
// the defaults they spell are used; the environment is unknown, so a
// reference to anything else stays verbatim and the word stays unresolved.

import type { ShellAssignment, ShellScope } from '../model.js';
import { firstAtOrAbove } from '../sorted.js';

export interface ResolvedWord {
  value: string;
  /** The assignments that gave the value, for the report. */
  via: ShellAssignment[];
}

const HAS_UNKNOWN = /\$(?:\{?[A-Za-z_]|\()|`/;
const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

interface Binding {
  value: string;
  via: ShellAssignment[];
}

interface Bindings {
  get(name: string): Binding | undefined;
}

function expand(value: string, bindings: Bindings, via: Set<ShellAssignment>): string {
  return value.replace(REFERENCE, (whole, braced: string | undefined, operator: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare!;
    const bound = bindings.get(name);
    const isSet = bound !== undefined && (operator?.startsWith(':') ? bound.value !== '' : true);
    if (isSet) {
      for (const assignment of bound.via) via.add(assignment);
      return bound.value;
    }
    // `${X:-default}` with X never assigned: the script's own default.
    if (operator !== undefined) return expand(fallback ?? '', bindings, via);
    return whole;
  });
}

/** One assignment's effect on the bindings: its name bound to a value, or forgotten (null). */
function bind(bindings: Map<string, Binding>, assignment: ShellAssignment): Binding | null {
  const via = new Set<ShellAssignment>([assignment]);
  const expanded = expand(assignment.value, bindings, via);
  // A value that still holds an unknown reference is not known: forget the variable.
  if (HAS_UNKNOWN.test(expanded)) {
    bindings.delete(assignment.name);
    return null;
  }
  const binding = { value: expanded, via: [...via] };
  bindings.set(assignment.name, binding);
  return binding;
}

/**
 * A script's assignments folded once, in order: per name, what each of its
 * assignments made it (the index in the list, the binding or null). The
 * bindings after the first `count` are then a binary search per name asked,
 * where a fold per word cost every assignment before it (a script of 4,000
 * assigned seeds, each used by a flag, took 18.6 s).
 */
interface History {
  /** Per name, the indices of its assignments (ascending) and what each made it. */
  byName: Map<string, { indices: number[]; bindings: (Binding | null)[] }>;
  /** The bindings after every assignment folded so far. */
  current: Map<string, Binding>;
  folded: number;
}
const histories = new WeakMap<readonly ShellAssignment[], History>();

function historyOf(assignments: readonly ShellAssignment[], count: number): History {
  let history = histories.get(assignments);
  if (!history) histories.set(assignments, (history = { byName: new Map(), current: new Map(), folded: 0 }));
  // The script's list grows while its commands are read: fold what was added since.
  for (; history.folded < count; history.folded++) {
    const assignment = assignments[history.folded]!;
    const binding = bind(history.current, assignment);
    const entries = history.byName.get(assignment.name);
    if (entries) {
      entries.indices.push(history.folded);
      entries.bindings.push(binding);
    } else history.byName.set(assignment.name, { indices: [history.folded], bindings: [binding] });
  }
  return history;
}

/** The bindings after the first `count` assignments. */
function bindingsBefore(history: History, count: number): Bindings {
  return {
    get(name) {
      const entries = history.byName.get(name);
      if (!entries) return undefined;
      // The name's last assignment among the first `count`.
      const before = firstAtOrAbove(entries.indices, count);
      return before === 0 ? undefined : (entries.bindings[before - 1] ?? undefined);
    },
  };
}

/**
 * The word's value with every reference the script itself determines
 * substituted. `unbound`: names whose assignments do not count (loop
 * variables, which the loop binds): the fold leaves them out, as if the
 * script had not assigned them.
 */
export function resolveShellWord(value: string, scope: ShellScope, unbound: ReadonlySet<string> = new Set()): ResolvedWord {
  const history = historyOf(scope.assignments, scope.count);
  const via = new Set<ShellAssignment>();
  const assignsUnbound = [...unbound].some((name) => (history.byName.get(name)?.indices[0] ?? Infinity) < scope.count);
  if (!assignsUnbound) return { value: expand(value, bindingsBefore(history, scope.count), via), via: [...via] };
  // Rare (a loop over a variable the script also assigns): a fold of its own without those assignments.
  const bindings = new Map<string, Binding>();
  for (let i = 0; i < scope.count; i++) if (!unbound.has(scope.assignments[i]!.name)) bind(bindings, scope.assignments[i]!);
  return { value: expand(value, bindings, via), via: [...via] };
}
