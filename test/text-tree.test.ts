// The text foundation: one positioned YAML tree and one positioned JSON
// reader, offsets per the contract in model.ts (UTF-16, BOM included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTree, yamlTreeOf, type YNode, type YScalar } from '../src/text/yaml-tree.js';
import { readYamlData, deref, offsetOf, isNullScalar, isStringScalar } from '../src/text/yaml-data.js';
import { readJsonTree, jsonTypeOf } from '../src/text/json-tree.js';

const spanOf = (text: string, n: YNode): string => text.slice(n.start, n.end);

test('JSON reader: node spans slice the source, values are decoded, types come from the literal', () => {
  const text = '\n[{"targets": ["a:1", "\\u0041\\n"], "n": -1.5e3, "t": true, "z": null}]\n';
  const read = readJsonTree(text);
  assert.ok('root' in read && read.root?.kind === 'seq');
  const group = read.root.items[0]!;
  assert.ok(group.kind === 'map');
  assert.equal(spanOf(text, read.root), text.trim());
  assert.deepEqual(
    group.pairs.map((p) => [spanOf(text, p.key), spanOf(text, p.value), p.value.kind === 'scalar' ? jsonTypeOf(p.value) : p.value.kind]),
    [['"targets"', '["a:1", "\\u0041\\n"]', 'seq'], ['"n"', '-1.5e3', 'number'], ['"t"', 'true', 'boolean'], ['"z"', 'null', 'null']],
  );
  const targets = group.pairs[0]!.value;
  assert.ok(targets.kind === 'seq');
  const second = targets.items[1] as YScalar;
  assert.deepEqual([second.value, text.slice(second.valueStart, second.valueEnd), offsetOf(second)], ['A\n', '\\u0041\\n', text.indexOf('\\u0041')]);
  assert.deepEqual([isNullScalar(group.pairs[3]!.value as YScalar), isStringScalar(second)], [true, true]);
});

test('JSON reader: strict, errors at the offending offset', () => {
  const cases: [string, string, number][] = [
    ['', 'unexpected end of JSON input', 0],
    ['[1,]', 'unexpected "]", expected a value', 3],
    ["{'a': 1}", 'unexpected "\'", expected a string (object key)', 1],
    ['[1] // x', 'unexpected "/" after top-level value', 4],
    ['\ufeff[]', 'a byte order mark is not allowed at the start of JSON', 0],
    ['["a\tb"]', 'control character in string literal', 3],
    ['[01]', 'unexpected "1", expected \',\' or \']\' after array element', 2],
  ];
  for (const [text, message, pos] of cases) assert.deepEqual(readJsonTree(text), { error: { message, pos } }, text);
  assert.deepEqual(readJsonTree(' null '), { root: null });
});

test('YAML tree: BOM and CRLF offsets, tags kept, error with js-yaml line and column', () => {
  const text = '\ufeffa: !!str 1\r\nb: "x"\r\n';
  const root = buildTree(text).docs[0]!.root!;
  assert.ok(root.kind === 'map');
  const [a, b] = root.pairs.map((p) => p.value as YScalar);
  assert.deepEqual([a!.tag, spanOf(text, a!), a!.contentStart, isStringScalar(a!)], ['!!str', '!!str 1', text.indexOf('1'), true]);
  assert.deepEqual([spanOf(text, b!), offsetOf(b!), text.indexOf('x')], ['"x"', 17, 17]);
  assert.deepEqual(buildTree('a: [1\nb: 2\n').error, { pos: 6, message: 'deficient indentation', line: 2, column: 1 });
});

test('YAML data: the loader refuses duplicate keys and unknown aliases; aliases resolve to what they name', () => {
  assert.deepEqual(readYamlData('a: 1\na: 2\n'), { error: { pos: 5, message: 'duplicated mapping key', line: 2, column: 1 } });
  assert.deepEqual(readYamlData('a: *x\n'), { error: { pos: 4, message: 'unidentified alias "x"', line: 1, column: 5 } });
  const text = 'a: &x [1]\nb: *x\nc: ~\n';
  const read = readYamlData(text);
  assert.ok('root' in read && read.root?.kind === 'map');
  const [, b, c] = read.root.pairs.map((p) => p.value);
  assert.equal(deref(b!).kind, 'seq');
  assert.equal(offsetOf(b!), text.indexOf('['));
  assert.equal(isNullScalar(deref(c!) as YScalar), true);
  assert.deepEqual(readYamlData('~\n'), { root: null });
});

test('yamlTreeOf: one parse per holder and text; a changed text is parsed again', () => {
  const file = { text: 'a: 1\n' };
  const first = yamlTreeOf(file);
  assert.equal(yamlTreeOf(file), first);
  assert.equal(yamlTreeOf({ text: file.text }) === first, false);
  file.text = 'a: 2\n';
  assert.equal(((yamlTreeOf(file).docs[0]!.root as { pairs: { value: YScalar }[] }).pairs[0]!.value).value, '2');
});

test('yamlTreeOf: multi-line flow collections at the key column parse leniently, as kubectl reads them', () => {
  const text = 'args: [\n"--a",\n"--b"]\n';
  assert.ok(buildTree(text).error);
  const tree = yamlTreeOf({ text });
  const args = (tree.docs[0]!.root as { pairs: { value: YNode }[] }).pairs[0]!.value;
  assert.ok(args.kind === 'seq');
  assert.deepEqual(args.items.map((item) => spanOf(text, item)), ['"--a"', '"--b"']);
});
