// Whose a gossip token outside every carrier is: another program's command
// line (`alertmanager --cluster.peer=…` in a runbook), a comment, or nobody's
// (accounting.ts asks). The questions are lineProgram's and isInComment's;
// asked for each token from the start of its line or command, they cost the
// line's length per token: one comment line of 1 MB with a flag every few
// bytes, or a script holding thousands of `\`-continued peers, took minutes.
// Asked here for the tokens of one file in offset order, each answer goes on
// from where the one before stopped, so a file costs its length once.

import { otherProgramName } from '../thanos/other-programs.js';
import { lineStartOf } from '../text/lines.js';

const WORD_SEPARATORS = /[\s"'`=]+/;
const SPACE = /\s/;

/** Whether the line ending at the LF at `lf` (exclusive of it) ends with `\` or `\` and CR, looking no earlier than `lineStart`. */
function continues(text: string, lineStart: number, lf: number): boolean {
  const last = lf - 1;
  if (last < lineStart) return false;
  if (text[last] === '\\') return true;
  return text[last] === '\r' && last - 1 >= lineStart && text[last - 1] === '\\';
}

export class LineOwners {
  private readonly text: string;
  /**
   * The start of the line of the last offset asked, and the next LF at or
   * after that offset (text.length when none; -1 before the first question,
   * so the first offset starts a line as any later line does).
   */
  private lineStart = 0;
  private nextLf = -1;
  private asked = 0;
  /** The start of the command (the line, or the first of the lines `\` continues) of the last offset asked. */
  private commandStart = 0;
  /** Words of the command before `wordsFrom` (a word boundary): whether `thanos` was seen up to `thanosTo`, and the last other program named. */
  private wordsFrom = 0;
  private thanosTo = 0;
  private sawThanos = false;
  private lastProgram: string | undefined;
  /** The comment scan of the current line: the next index to read, the open quote, whether a comment began. */
  private commentAt = 0;
  private quote: string | null = null;
  private inComment = false;

  constructor(text: string) {
    this.text = text;
  }

  /** The known other program whose command line holds `offset`, as lineProgram answers; offsets never decrease. */
  programAt(offset: number): string | undefined {
    this.moveTo(offset);
    const text = this.text;
    if (!this.sawThanos) {
      // `thanos` may straddle the last stop: look again from five characters before it.
      const from = Math.max(this.commandStart, this.thanosTo - 5);
      if (/thanos/i.test(text.slice(from, offset))) this.sawThanos = true;
      this.thanosTo = offset;
    }
    if (this.sawThanos) return undefined;
    const pieces = text.slice(this.wordsFrom, offset).split(WORD_SEPARATORS);
    // The last piece may be cut at `offset`: it counts for this answer, not for the next.
    let program = this.lastProgram;
    for (let i = 0; i < pieces.length; i++) {
      const word = pieces[i]!;
      if (word === '' || word.startsWith('-')) continue;
      const name = otherProgramName(word);
      if (name === undefined) continue;
      program = name;
      if (i < pieces.length - 1) this.lastProgram = name;
    }
    this.wordsFrom = offset - pieces[pieces.length - 1]!.length;
    return program;
  }

  /** Whether `offset` is after `#` or `//` on its line, outside quotes, as isInComment answers; offsets never decrease. */
  inCommentAt(offset: number): boolean {
    this.moveTo(offset);
    const text = this.text;
    const opensComment = (i: number, next: string | undefined) => {
      const ch = text[i]!;
      return (i === this.lineStart || SPACE.test(text[i - 1]!)) && ((ch === '#' && next !== '{') || (ch === '/' && next === '/'));
    };
    // Every character before the last is read with the one after it; the last one's lookahead is
    // cut at `offset` (as isInComment's slice of the line is), so it is read again next time.
    let i = this.commentAt;
    while (!this.inComment && i < offset - 1) {
      const ch = text[i]!;
      if (this.quote !== null) {
        if (ch === '\\' && this.quote === '"') i++;
        else if (ch === this.quote) this.quote = null;
      } else if (ch === '"' || ch === "'") this.quote = ch;
      else if (opensComment(i, text[i + 1])) this.inComment = true;
      i++;
    }
    this.commentAt = i;
    if (this.inComment) return true;
    return i === offset - 1 && this.quote === null && opensComment(i, undefined);
  }

  /** Moves the line and command to those of `offset`, resetting what is per line and per command. */
  private moveTo(offset: number): void {
    if (offset < this.asked) throw new Error(`LineOwners: offset ${offset} after ${this.asked}`);
    this.asked = offset;
    if (this.nextLf >= offset) return;
    // A new line. Before the first question the state is that of a command and a line at 0, which is
    // what a reset there would make, and a known line start of 0 is never consulted (see startOfCommand).
    const previousLineStart = this.lineStart;
    this.lineStart = lineStartOf(this.text, offset);
    const commandStart = this.startOfCommand(this.lineStart, previousLineStart);
    if (commandStart !== this.commandStart) {
      this.commandStart = commandStart;
      this.resetCommand();
    }
    this.resetLine();
    const lf = this.text.indexOf('\n', offset);
    this.nextLf = lf === -1 ? this.text.length : lf;
  }

  /** Back from `lineStart` over `\` continuations; at `known` (a line start already answered) its command start is the answer. */
  private startOfCommand(lineStart: number, known: number): number {
    let start = lineStart;
    for (;;) {
      if (start === 0) return 0;
      if (start === known) return this.commandStart;
      const previousEnd = start - 1;
      const previousStart = lineStartOf(this.text, previousEnd);
      if (!continues(this.text, previousStart, previousEnd)) return start;
      start = previousStart;
    }
  }

  private resetCommand(): void {
    this.wordsFrom = this.commandStart;
    this.thanosTo = this.commandStart;
    this.sawThanos = false;
    this.lastProgram = undefined;
  }

  private resetLine(): void {
    this.commentAt = this.lineStart;
    this.quote = null;
    this.inComment = false;
  }
}
