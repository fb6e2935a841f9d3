// What is worked out from a file's text, kept with the file (its holder, a
// SourceFile) and worked out again only when the text changes: several
// readers ask for the same parse or model of one file, once per argv or per
// rule. Held weakly, so it goes with the file.

/** `build` of a holder's text, once per holder and text. */
export function cachedByText<V>(build: (text: string) => V): (holder: { text: string }) => V {
  const kept = new WeakMap<object, { text: string; value: V }>();
  return (holder) => {
    const hit = kept.get(holder);
    if (hit && hit.text === holder.text) return hit.value;
    const value = build(holder.text);
    kept.set(holder, { text: holder.text, value });
    return value;
  };
}
