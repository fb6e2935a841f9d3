// docker-compose services: argv carriers from `entrypoint:` and `command:`.

import type { ArgvCarrier, CarrierContext, CarrierKind, SourceFile, Word } from '../../model.js';
import type { YMap, YScalar } from '../../text/yaml-tree.js';
import type { ComposeService, YamlProblem } from './types.js';
import { asMap, asSeq, get, pairIndex, str } from './ynode.js';
import { COMPOSE_EXPANSION, isShellScript, wordsFromSeq } from './seq-words.js';
import { argvValue } from './alias.js';
import { partsEditor, seqPart, stringPart, type ArgvPart } from './argv-parts.js';
import { splitShellWords } from './shellwords.js';
import { shellScriptCarriers, type WordSite } from './shell-c.js';
import { recordComposeSite } from './sites.js';
import { append } from '../../lists.js';

export function isComposeRoot(root: YMap): boolean {
  return asMap(get(root, 'services')) !== undefined && get(root, 'kind') === undefined && get(root, 'apiVersion') === undefined;
}

function stringWords(
  file: SourceFile, s: YScalar, service: string, key: string, problems: YamlProblem[],
): { words: Word[]; tokens: ReturnType<typeof splitShellWords> } | undefined {
  const raw = file.text.slice(s.valueStart, s.valueEnd);
  if (raw !== s.value) {
    problems.push({
      span: { start: s.start, end: s.end },
      message: `cannot map compose service ${service} ${key} string onto the file (escapes, folding or block scalar); edit it by hand`,
      isManual: true,
    });
    return undefined;
  }
  const tokens = splitShellWords(raw, s.valueStart);
  if (typeof tokens === 'string') {
    problems.push({ span: { start: s.start, end: s.end }, message: `compose service ${service} ${key}: ${tokens}` });
    return undefined;
  }
  const words = tokens.map((t) => ({
    file, span: { start: t.start, end: t.end }, value: t.value, hasExpansion: COMPOSE_EXPANSION.test(t.value),
  }));
  return { words, tokens };
}

export function readCompose(file: SourceFile, root: YMap, problems: YamlProblem[]) {
  const services: ComposeService[] = [];
  const carriers: ArgvCarrier[] = [];
  const svcMap = asMap(get(root, 'services'))!;
  for (const pair of svcMap.pairs) {
    const name = str(pair.key) ?? '';
    const svc = asMap(pair.value);
    const cs: ComposeService = { name, networks: [], span: { start: pair.key.start, end: pair.key.end } };
    services.push(cs);
    if (!svc) { cs.networks.push('default'); continue; }
    const image = str(get(svc, 'image'));
    if (image !== undefined) cs.image = image;
    const nets = get(svc, 'networks');
    if (nets?.kind === 'seq') for (const n of nets.items) { const v = str(n); if (v !== undefined) cs.networks.push(v); }
    else if (nets?.kind === 'map') for (const p of nets.pairs) { const v = str(p.key); if (v !== undefined) cs.networks.push(v); }
    if (cs.networks.length === 0) cs.networks.push('default');
    const binds = (asSeq(get(svc, 'volumes'))?.items ?? []).flatMap((item) => {
      const short = str(item);
      if (short !== undefined) {
        const [source, target] = short.split(':');
        return source !== undefined && target !== undefined && /^[.~/]/.test(source) ? [{ source, target }] : [];
      }
      const source = str(get(item, 'source'));
      const target = str(get(item, 'target'));
      return source !== undefined && target !== undefined && (str(get(item, 'type')) ?? 'bind') === 'bind' ? [{ source, target }] : [];
    });
    if (binds.length > 0) cs.binds = binds;

    const parts: ArgvPart[] = [];
    const words: Word[] = [];
    const sites: WordSite[] = [];
    let kind: CarrierKind = 'yaml-sequence';
    let hasEntrypoint = false;
    let failed = false;
    for (const key of ['entrypoint', 'command']) {
      const k = pairIndex(svc, key);
      if (k < 0) continue;
      const argv = argvValue(file, svc.pairs[k]!.value, `compose service ${name}`);
      if ('problems' in argv) {
        append(problems, argv.problems);
        failed = true;
        continue;
      }
      const v = argv.node;
      const owner = argv.isOwnValue ? { map: svc, pairIndex: k } : null;
      const seq = asSeq(v);
      if (seq) {
        const sw = wordsFromSeq(file, seq, COMPOSE_EXPANSION);
        parts.push(seqPart(file, seq, sw.words, sw.itemIndex, owner));
        append(words, sw.words);
        append(sites, sw.itemIndex.map((i) => ({ scalar: seq.items[i] as YScalar, inFlow: seq.flow })));
      } else if (v.kind === 'scalar' && !v.isNull) {
        const sw = stringWords(file, v, name, key, problems);
        if (!sw || typeof sw.tokens === 'string') { failed = true; continue; }
        parts.push(stringPart(file, v, sw.words, sw.tokens, owner));
        append(words, sw.words);
        append(sites, sw.tokens.map((token) => ({ scalar: v, inFlow: svc.flow, token })));
        kind = 'yaml-string';
      } else continue;
      if (key === 'entrypoint') hasEntrypoint = true;
    }
    if (failed || parts.length === 0) continue;
    const context: CarrierContext = { kind: 'compose', label: `compose service ${name}`, service: name, hostGroup: `compose:${file.path}#${name}` };
    const site = { text: file.text, name, service: svc };
    if (isShellScript(words)) {
      for (const c of shellScriptCarriers({ file, words, sites, context, ...(image !== undefined ? { image } : {}), problems })) {
        recordComposeSite(c, site);
        carriers.push(c);
      }
      continue;
    }
    const carrier: ArgvCarrier = {
      kind,
      file,
      context,
      words,
      editor: partsEditor(file, parts),
    };
    if (image !== undefined) carrier.image = image;
    if (!hasEntrypoint) carrier.argsOnly = true;
    recordComposeSite(carrier, site);
    carriers.push(carrier);
  }
  return { services, carriers };
}
