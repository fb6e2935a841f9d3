// Text from input files (file names, flag values, the messages that quote
// them) reaches terminals and CI logs. A control character there can drive
// the terminal (ESC), overwrite what was shown (CR) or forge a line (LF: a
// `::error` workflow command, a `+++ b/` diff header, a report line); a bidi
// override (U+202E) or an invisible character (U+200B) makes what is shown
// differ from the bytes. Every human and CI output passes input text through
// `escapeForDisplay`; JSON and XML keep the exact value with their own
// escapes (`escapeJsonText`, and the junit reporter's character references).

/**
 * Controls (C0, DEL, C1), format characters (bidi controls, zero-width
 * characters, the BOM, tag characters), line and paragraph separators, and
 * lone surrogates. Tab is harmless and kept. The lone low surrogates
 * U+DC80-U+DCFF stand for bytes of a file name that is not UTF-8 (see
 * sources/names.ts).
 */
const UNSAFE_CLASS = '[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}]';

/** The unsafe characters but those of `kept` (a character class's contents). */
const unsafeBut = (kept: string) => new RegExp(`(?![${kept}])${UNSAFE_CLASS}`, 'gu');

const UNSAFE = unsafeBut('\\t');

/** `text` with each unsafe character replaced by what `by` makes of it (each format's own escape). */
export function replaceUnsafe(text: string, by: (char: string) => string): string {
  return text.replace(UNSAFE, by);
}

/** The visible escape of one character: `\u001b`, `\u{e0001}`, `\xe9` for a byte of a non-UTF-8 name. */
export function visibleEscape(char: string): string {
  const code = char.codePointAt(0)!;
  if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16).padStart(2, '0')}`;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every unsafe character shown as a visible escape (`\u001b`,
 * `\u202e`, `\xe9` for a byte of a non-UTF-8 name). Line breaks are escaped
 * too, so the result is one line, unless `keepLineBreaks` (for formats whose
 * own escaping carries them).
 */
export function escapeForDisplay(text: string, options: { keepLineBreaks?: boolean } = {}): string {
  return replaceUnsafe(text, (char) => (options.keepLineBreaks && (char === '\n' || char === '\r') ? char : visibleEscape(char)));
}

/** UNSAFE but for a line break, which JSON.stringify leaves raw only as its layout. */
const UNSAFE_IN_JSON = unsafeBut('\\t\\n');
/** What every character UNSAFE_IN_JSON matches is: not a tab, a line break or printable ASCII. */
const BEYOND_PRINTABLE_ASCII = /[^\t\n\x20-\x7e]/;

/**
 * A JSON text from JSON.stringify with every unsafe character it leaves raw
 * (DEL, C1, bidi and invisible characters) written as `\uXXXX`: the same
 * values, safe to print. Its raw line breaks are its layout, never in a string.
 */
export function escapeJsonText(json: string): string {
  // The layout's line breaks are not matched at all: the report of one
  // file of 30,000 workloads (35 MB) has millions, and calling back for each
  // to give it back as is took 240 ms. Most reports are printable ASCII
  // throughout, which a plain regex tells in 30 ms (the Unicode search
  // that finds nothing takes 110).
  if (!BEYOND_PRINTABLE_ASCII.test(json)) return json;
  return json.replace(UNSAFE_IN_JSON, (char) => [...Array(char.length).keys()].map((i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}
