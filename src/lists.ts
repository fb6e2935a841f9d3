// `target.push(...items)` passes every item as an argument, and V8 throws
// "Maximum call stack size exceeded" past about 100,000 of them: a 30 MB
// one-line script holds a million commands, a directory can hold that many
// files. Lists that grow with the input are appended with a loop.

/** Appends `items` to `target` in order; returns `target`. */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
