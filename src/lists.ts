// `target.push(...items)` passes every item as an argument, and V8 throws
// "Maximum call stack size exceeded" past about 100,000 of them: a 30 MB
// one-line script holds a million commands, a directory can hold that many
// files. Lists that grow with the input are appended with a loop.

/** Adds `value` to the list `map` holds under `key`, starting the list when there is none. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Appends `items` to `target` in order; returns `target`. */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/**
 * The first `limit` of `items` described and joined with `separator`, and
 * `more(n)` for the n left out: for messages that would otherwise grow with
 * the input, where the full list is somewhere else (an SD file, findings of
 * their own).
 */
export function firstFew<T>(items: readonly T[], limit: number, describe: (item: T) => string, separator: string, more: (left: number) => string): string {
  const named = items.slice(0, limit).map(describe).join(separator);
  return items.length <= limit ? named : `${named}${more(items.length - limit)}`;
}
