// LineOwners answers, for offsets in increasing order, what the per-token
// scans it replaced answered for each offset alone (kept here as the
// reference): the other program of the command holding the offset (back over
// `\` continuations, none when `thanos` comes before it), and whether the
// offset is in a comment. Texts are built from the pieces that move either
// answer: separators, quotes, escapes, `#`, `#{`, `//`, continuations, CRLF,
// program names, `thanos` split across pieces.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineOwners } from '../src/analysis/line-owners.js';
import { isInComment } from '../src/analysis/accounting.js';
import { otherProgramName } from '../src/thanos/other-programs.js';

function commandStart(text: string, offset: number): number {
  let start = text.lastIndexOf('\n', offset - 1) + 1;
  for (;;) {
    if (start === 0) return 0;
    const previousEnd = start - 1;
    const previousStart = text.lastIndexOf('\n', previousEnd - 1) + 1;
    if (!/\\\r?$/.test(text.slice(previousStart, previousEnd))) return start;
    start = previousStart;
  }
}

function lineProgram(text: string, offset: number): string | undefined {
  const before = text.slice(commandStart(text, offset), offset);
  if (/thanos/i.test(before)) return undefined;
  const words = before.split(/[\s"'`=]+/).filter((word) => word !== '' && !word.startsWith('-'));
  return words.map(otherProgramName).filter((name) => name !== undefined).pop();
}

const PIECES = [
  'alertmanager', 'consul', 'serf', 'memberlist', 'prometheus', '/usr/bin/alertmanager', 'docker', 'than', 'os', 'THANOS', 'thanos',
  ' ', '  ', '\t', '\n', '\r\n', '\\\n', '\\\r\n', '\\', '"', "'", '`', '=', '#', '#{', '/', '//', '-', '--cluster.peers', 'x', 'a:1',
];

test('LineOwners: the program and comment answers of the per-offset scans, offsets asked in order', () => {
  fc.assert(
    // `asks` picks, per offset, which questions are put (accounting skips tokens and asks the second only when
    // the first has no answer): each question must resume right after offsets where only the other was asked.
    fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom('both', 'program', 'comment')), { maxLength: 25 }), (pieces, picks) => {
      const text = pieces.join('');
      if (text.length === 0) return;
      const asked = new Map<number, string>();
      for (const [pick, asks] of picks) asked.set(pick % (text.length + 1), asks);
      const owners = new LineOwners(text);
      for (const [offset, asks] of [...asked].sort((a, b) => a[0] - b[0])) {
        const why = `${JSON.stringify(text)} at ${offset}`;
        if (asks !== 'comment') assert.equal(owners.programAt(offset), lineProgram(text, offset), `program, ${why}`);
        if (asks !== 'program') assert.equal(owners.inCommentAt(offset), isInComment(text, offset), `comment, ${why}`);
      }
    }),
    { seed: 18, numRuns: 4000 },
  );
});

test('LineOwners: a comment line of many flags and a command of many continued peers are answered for each token', () => {
  const comment = `# alertmanager ${'--cluster.peer=a:9094 '.repeat(3)}\n`;
  const continued = `alertmanager \\\n${'  --cluster.peer=b:9094 \\\n'.repeat(3)}  --web.listen-address=:9093\n`;
  const text = `${comment}${continued}thanos query --cluster.peers=q:10900\n`;
  const owners = new LineOwners(text);
  const at = [...text.matchAll(/--cluster\.peers?/g)].map((match) => match.index!);
  assert.deepEqual(at.map((offset) => [owners.programAt(offset), owners.inCommentAt(offset)]), [
    ['Alertmanager', true], ['Alertmanager', true], ['Alertmanager', true],
    ['Alertmanager', false], ['Alertmanager', false], ['Alertmanager', false],
    [undefined, false],
  ]);
  assert.throws(() => owners.programAt(0), /offset 0 after/);
});
