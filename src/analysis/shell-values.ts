// A program word as the shell would see it: `"$THANOS_BIN"` after
// `THANOS_BIN="${THANOS_BIN:-/opt/thanos/bin/thanos}"`, `${THANOS}` after
// `THANOS=./thanos`. Only assignments made earlier in the same script and
// the defaults they spell are used; the environment is unknown, so a
// reference to anything else stays verbatim and the word stays unresolved.

import type { ShellAssignment } from '../model.js';

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

function expand(value: string, bindings: Map<string, Binding>, via: Set<ShellAssignment>): string {
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

/** The word's value with every reference the script itself determines substituted. */
export function resolveShellWord(value: string, assignments: readonly ShellAssignment[]): ResolvedWord {
  const bindings = new Map<string, Binding>();
  for (const assignment of assignments) {
    const via = new Set<ShellAssignment>([assignment]);
    const expanded = expand(assignment.value, bindings, via);
    // A value that still holds an unknown reference is not known: forget the variable.
    if (HAS_UNKNOWN.test(expanded)) bindings.delete(assignment.name);
    else bindings.set(assignment.name, { value: expanded, via: [...via] });
  }
  const via = new Set<ShellAssignment>();
  return { value: expand(value, bindings, via), via: [...via] };
}
