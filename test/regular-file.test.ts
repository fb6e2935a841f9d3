// A file the walk listed as regular is read without an fstat (readListedFile):
// whole when it fits the buffer, asked its size and kind only when it fills
// it, and never read past the buffer when it turned out to be something else.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readListedFile } from '../src/sources/regular-file.js';
import { tempDir, whichTool } from './support.js';

const text = (read: ReturnType<typeof readListedFile>) => ('bytes' in read ? read.bytes.toString('latin1') : read);

test('a file smaller than the buffer is read whole into it', () => {
  const dir = tempDir('listed-file');
  writeFileSync(join(dir, 'a.sh'), 'thanos query --cluster.peers=x:10900\n');
  const scratch = Buffer.alloc(64);
  const read = readListedFile(join(dir, 'a.sh'), scratch, 1000);
  assert.equal(text(read), 'thanos query --cluster.peers=x:10900\n');
  assert.ok('bytes' in read && read.bytes.buffer === scratch.buffer, 'the bytes are the buffer\'s');
});

test('an empty file, and one exactly the size of the buffer', () => {
  const dir = tempDir('listed-file');
  writeFileSync(join(dir, 'empty'), '');
  writeFileSync(join(dir, 'sixteen'), '0123456789abcdef');
  assert.equal(text(readListedFile(join(dir, 'empty'), Buffer.alloc(16), 1000)), '');
  const read = readListedFile(join(dir, 'sixteen'), Buffer.alloc(16), 1000);
  assert.equal(text(read), '0123456789abcdef');
});

test('a file larger than the buffer is read whole into a buffer of its own', () => {
  const dir = tempDir('listed-file');
  const content = 'x'.repeat(100) + '--cluster.peers\n';
  writeFileSync(join(dir, 'big'), content);
  const scratch = Buffer.alloc(16);
  const read = readListedFile(join(dir, 'big'), scratch, 1000);
  assert.equal(text(read), content);
  assert.ok('bytes' in read && read.bytes.buffer !== scratch.buffer);
});

test('a file larger than the limit gives its size, unread past the buffer', () => {
  const dir = tempDir('listed-file');
  writeFileSync(join(dir, 'huge'), 'y'.repeat(5000));
  assert.deepEqual(readListedFile(join(dir, 'huge'), Buffer.alloc(16), 1000), { tooLarge: 5000 });
});

test('a directory in its place fails as a read of a directory', () => {
  const dir = tempDir('listed-file');
  mkdirSync(join(dir, 'swapped'));
  assert.throws(() => readListedFile(join(dir, 'swapped'), Buffer.alloc(16), 1000), { code: 'EISDIR' });
});

test('a device in its place is told by its kind once it fills the buffer', { skip: !existsSync('/dev/zero') && 'no /dev/zero' }, () => {
  assert.deepEqual(readListedFile('/dev/zero', Buffer.alloc(16), 1000), { notRegular: 'a character device' });
});

const hasMkfifo = whichTool('mkfifo') !== null;

test('a FIFO in its place, with no writer, reads as empty without blocking', { skip: !hasMkfifo && 'no mkfifo' }, () => {
  const dir = tempDir('listed-file');
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  assert.equal(text(readListedFile(join(dir, 'pipe'), Buffer.alloc(16), 1000)), '');
});
