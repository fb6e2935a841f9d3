// The .gitignore matcher: git's meaning for the patterns it supports, and
// work bounded by pattern length times path length (a regex translation
// backtracked for seconds on 40 stars and hung on 5,000).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIgnored, parseGitignore } from '../src/sources/gitignore.js';

function ignored(gitignore: string, path: string, isDirectory = false, base = ''): boolean {
  return isIgnored(parseGitignore(base, gitignore), path, isDirectory);
}

test('gitignore: names at any depth, anchored paths, directories only, negation', () => {
  assert.equal(ignored('*.bak', 'a/b/old.sh.bak'), true);
  assert.equal(ignored('*.bak', 'a/b/old.sh'), false);
  assert.equal(ignored('/build', 'build', true), true);
  assert.equal(ignored('/build', 'src/build', true), false);
  assert.equal(ignored('generated/', 'generated', true), true);
  assert.equal(ignored('generated/', 'generated', false), false);
  assert.equal(ignored('docs/*.md', 'docs/a.md'), true);
  assert.equal(ignored('docs/*.md', 'docs/sub/a.md'), false);
  assert.equal(ignored('a?c', 'x/abc'), true);
  assert.equal(ignored('a?c', 'x/ac'), false);
  assert.equal(ignored('*.yaml\n!keep.yaml', 'keep.yaml'), false);
  assert.equal(ignored('*.yaml\n!keep.yaml', 'other.yaml'), true);
  assert.equal(ignored('*.yaml', 'sub/x.yaml', false, 'deploy'), false);
  assert.equal(ignored('*.yaml', 'deploy/sub/x.yaml', false, 'deploy'), true);
});

test('gitignore: ** crosses directories only as a whole segment', () => {
  assert.equal(ignored('**/cache', 'a/b/cache', true), true);
  assert.equal(ignored('**/cache', 'cache', true), true);
  assert.equal(ignored('a/**/z', 'a/z'), true);
  assert.equal(ignored('a/**/z', 'a/b/c/z'), true);
  assert.equal(ignored('a/**/z', 'b/a/z'), false);
  assert.equal(ignored('out/**', 'out/x/y'), true);
  // `out/**` is what is inside out, not out itself: a negation inside still applies.
  assert.equal(ignored('out/**', 'out', true), false);
  assert.equal(ignored('a**b', 'x/aqqb'), true);
  assert.equal(ignored('a/b**', 'a/b/c'), false);
});

test('gitignore: pathological stars finish in milliseconds', () => {
  const name = `${'b'.repeat(200)}`;
  for (const gitignore of [`${'*'.repeat(40)}a`, `${'*'.repeat(5000)}a`, `${'*a'.repeat(2500)}`, `${'**/'.repeat(2000)}a`, `${'a*'.repeat(300)}/${'*b'.repeat(300)}`]) {
    const started = performance.now();
    const rules = parseGitignore('', gitignore);
    assert.equal(isIgnored(rules, `${name}/${name}/${name}`, false), false);
    assert.equal(isIgnored(rules, `${'a'.repeat(100)}b`, true), false);
    const ms = performance.now() - started;
    assert.ok(ms < 50, `${gitignore.slice(0, 20)}… took ${ms.toFixed(1)} ms`);
  }
});
