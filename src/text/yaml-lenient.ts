// Lenient parsing: js-yaml rejects multi-line flow collections whose lines
// sit at or left of the parent's indentation (`args: [` … `]` at the key's
// column), which kubectl accepts. `flattenFlows` returns a same-length copy of
// the text where such collections are one line (line breaks and comments
// inside them become spaces), so offsets still point into the original.

const OPENER = /(?:^|[:\-?,[{][ \t]+|^[ \t]+)([[{])/gm;

function closeOf(text: string, open: number): number {
  const stack: string[] = [];
  let i = open;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '[' || c === '{') stack.push(c === '[' ? ']' : '}');
    else if (c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (c === "'") {
      i++;
      while (i < text.length && !(text[i] === "'" && text[i + 1] !== "'")) i += text[i] === "'" ? 2 : 1;
    } else if (c === '#' && /\s/.test(text[i - 1] ?? ' ')) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    i++;
  }
  return -1;
}

export function flattenFlows(text: string): string {
  const chars = text.split('');
  OPENER.lastIndex = 0;
  for (let m = OPENER.exec(text); m; m = OPENER.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = closeOf(text, open);
    if (close < 0) continue;
    const body = text.slice(open, close);
    if (body.includes('\n')) {
      let inComment = false;
      let quote: string | null = null;
      for (let k = open; k < close; k++) {
        const c = text[k]!;
        if (inComment) {
          if (c === '\n') inComment = false;
          chars[k] = ' ';
          continue;
        }
        if (quote) {
          if (c === '\\' && quote === '"') { k++; continue; }
          if (c === quote) quote = null;
          continue;
        }
        if (c === '"' || c === "'") quote = c;
        else if (c === '#' && /\s/.test(text[k - 1] ?? ' ')) { inComment = true; chars[k] = ' '; }
        else if (c === '\n' || c === '\r') chars[k] = ' ';
      }
    }
    OPENER.lastIndex = close + 1;
  }
  return chars.join('');
}
