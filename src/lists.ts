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
