// Validate service-discovery files the way Thanos reads them.
//
// file-sd (`--store.sd-files`, `--query.sd-files`): Prometheus file_sd
// (prometheus/prometheus discovery/file/file.go + discovery/targetgroup):
//   - `.json` is read with encoding/json, the group with DisallowUnknownFields
//     (field names match case-insensitively, as encoding/json does);
//   - `.yml`/`.yaml` with yaml.v2 UnmarshalStrict: unknown fields and
//     duplicate keys are errors; any scalar decodes into a string field
//     (`10901` becomes "10901", `~` becomes "");
//   - any other extension is not read (Prometheus rejects the pattern,
//     Thanos' reader panics on it);
//   - a `null` group is "nil target group item found";
//   - label names: the legacy pattern `^[a-zA-Z_][a-zA-Z0-9_]*$`.
//   An empty YAML file is an empty list. An empty JSON file is not valid JSON
//   (encoding/json: "unexpected end of JSON input").
//
// endpoint-config (`--endpoint.sd-config-file`, cmd/thanos/endpointset.go):
//   yaml.v3 Unmarshal, which is NOT strict: unknown keys are ignored. Checked
//   as Thanos checks them (validateEndpointConfig): `strict` with a dns+/dnssrv+
//   address, `service_config` without `group: true`, compression other than
//   none/snappy; plus the types yaml.v3 would refuse.
//
// Every address (targets, endpoints[].address) is then checked as a Thanos
// endpoint: `host:port`, `dns+host:port`, `dnssrv+name[:port]`,
// `dnssrvnoa+name[:port]` (pkg/discovery/dns). Duplicates are reported at the
// second occurrence (Thanos keeps one and logs "Duplicate endpoint address").

import { parseEvents, loadAll, EVENT_ID, SCALAR_STYLE, getScalarValue } from 'js-yaml';
import type { Event, ScalarEvent } from 'js-yaml';

export interface SdProblem {
  line: number;
  column: number;
  message: string;
  kind: 'invalid' | 'malformed-endpoint' | 'duplicate-endpoint';
}

export interface SdValidation {
  /** Every address found, in source order (malformed and duplicate ones included; see `problems`). */
  endpoints: { address: string; line: number; column: number }[];
  problems: SdProblem[];
}

// ---------------------------------------------------------------------------
// A small positioned tree shared by the YAML and JSON readers.

export interface PScalar {
  kind: 'scalar';
  /** Offset of the value (quotes excluded); for an empty node, where it would be. */
  pos: number;
  /** Decoded value ('' for an empty node). */
  value: string;
  /** Null: empty node, `~`/`null` (YAML), `null` (JSON). */
  isNull: boolean;
  /** YAML: quoted, block, or tagged `!!str`; JSON: a string literal. */
  isString: boolean;
  /** JSON only: the literal's type. */
  jsonType?: 'string' | 'number' | 'boolean' | 'null';
}
export interface PSeq {
  kind: 'seq';
  pos: number;
  items: PNode[];
}
export interface PMap {
  kind: 'map';
  pos: number;
  pairs: { key: PNode; value: PNode }[];
}
export type PNode = PScalar | PSeq | PMap;

export type ParseResult = { root: PNode | null } | { error: { message: string; pos?: number; line?: number; column?: number } };

const YAML_NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

/**
 * Parse the first YAML document into a positioned tree. Syntax errors (and
 * what js-yaml's loader rejects: duplicate keys, unknown aliases) come back
 * with js-yaml's 1-based line/column.
 */
export function parseYamlPositioned(text: string): ParseResult {
  let events: Event[];
  try {
    loadAll(text); // the loader's checks (duplicate keys, aliases) on top of the parser's
    events = parseEvents(text, {});
  } catch (e) {
    const err = e as { reason?: string; message?: string; mark?: { line?: number; column?: number; position?: number } };
    const message = err.reason ?? String(err.message ?? e);
    if (err.mark && typeof err.mark.line === 'number' && typeof err.mark.column === 'number') {
      return { error: { message, line: err.mark.line + 1, column: err.mark.column + 1 } };
    }
    return { error: { message, pos: err.mark?.position ?? 0 } };
  }
  const anchors = new Map<string, PNode>();
  let i = 0;
  let cursor = 0;

  const anchorOf = (start: number, end: number): string | null => (start >= 0 ? text.slice(start, end) : null);

  function scalar(ev: ScalarEvent): PScalar {
    const empty = ev.valueStart < 0;
    const tag = ev.tagStart >= 0 ? text.slice(ev.tagStart, ev.tagEnd) : '';
    const value = empty ? '' : getScalarValue(text, ev);
    const quotedOrBlock = ev.style !== SCALAR_STYLE.PLAIN;
    const isString = quotedOrBlock || tag === '!!str' || tag === '!' || tag === 'tag:yaml.org,2002:str';
    const isNull = !isString && (tag === '' || tag === '!!null') && YAML_NULLS.has(value);
    const pos = empty ? cursor : ev.valueStart;
    if (!empty) cursor = ev.valueEnd;
    return { kind: 'scalar', pos, value, isNull, isString };
  }

  function node(): PNode {
    const ev = events[i++]!;
    switch (ev.type) {
      case EVENT_ID.SCALAR: {
        const n = scalar(ev);
        const a = anchorOf(ev.anchorStart, ev.anchorEnd);
        if (a) anchors.set(a, n);
        return n;
      }
      case EVENT_ID.ALIAS: {
        cursor = ev.anchorEnd;
        const target = anchors.get(text.slice(ev.anchorStart, ev.anchorEnd));
        // loadAll already rejected unknown aliases; an aliased scalar is placed at the alias
        if (!target) return { kind: 'scalar', pos: ev.anchorStart, value: '', isNull: true, isString: false };
        return target.kind === 'scalar' ? { ...target, pos: ev.anchorStart - 1 } : target;
      }
      case EVENT_ID.SEQUENCE: {
        const n: PSeq = { kind: 'seq', pos: ev.start, items: [] };
        const a = anchorOf(ev.anchorStart, ev.anchorEnd);
        cursor = ev.start + 1;
        while (events[i] && events[i]!.type !== EVENT_ID.POP) n.items.push(node());
        i++;
        if (a) anchors.set(a, n);
        return n;
      }
      case EVENT_ID.MAPPING: {
        const n: PMap = { kind: 'map', pos: ev.start, pairs: [] };
        const a = anchorOf(ev.anchorStart, ev.anchorEnd);
        cursor = ev.start;
        while (events[i] && events[i]!.type !== EVENT_ID.POP) {
          const key = node();
          const colon = text.indexOf(':', cursor);
          if (colon >= 0) cursor = colon + 1;
          const value = node();
          n.pairs.push({ key, value });
        }
        i++;
        if (a) anchors.set(a, n);
        return n;
      }
      default:
        throw new Error(`unexpected YAML event ${ev.type}`);
    }
  }

  // first document only, as yaml.v2/v3 Unmarshal read it
  while (i < events.length) {
    const ev = events[i++]!;
    if (ev.type !== EVENT_ID.DOCUMENT) continue;
    const root = events[i] && events[i]!.type !== EVENT_ID.POP ? node() : null;
    if (root && root.kind === 'scalar' && root.isNull) return { root: null };
    return { root };
  }
  return { root: null };
}

/** Strict RFC 8259 JSON with positions; errors carry the offending offset. */
export function parseJsonPositioned(text: string): ParseResult {
  let p = 0;
  class JsonError extends Error {
    constructor(message: string, readonly pos: number) {
      super(message);
    }
  }
  const describe = (at: number): string => (at >= text.length ? 'end of input' : JSON.stringify(text[at]));
  const ws = (): void => {
    while (p < text.length && (text[p] === ' ' || text[p] === '\t' || text[p] === '\n' || text[p] === '\r')) p++;
  };
  const fail = (expected: string): never => {
    if (p >= text.length) throw new JsonError('unexpected end of JSON input', p);
    throw new JsonError(`unexpected ${describe(p)}, expected ${expected}`, p);
  };

  function str(): PScalar {
    const start = p;
    p++; // opening quote
    let out = '';
    for (;;) {
      if (p >= text.length) throw new JsonError('unexpected end of JSON input (unterminated string)', p);
      const c = text[p]!;
      if (c === '"') {
        p++;
        return { kind: 'scalar', pos: start + 1, value: out, isNull: false, isString: true, jsonType: 'string' };
      }
      if (c < ' ') throw new JsonError('control character in string literal', p);
      if (c === '\\') {
        const e = text[p + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          p += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(p + 2, p + 6))) {
          out += String.fromCharCode(parseInt(text.slice(p + 2, p + 6), 16));
          p += 6;
        } else {
          throw new JsonError('invalid escape in string literal', p);
        }
        continue;
      }
      out += c;
      p++;
    }
  }

  function value(): PNode {
    ws();
    const c = text[p];
    if (c === '{') {
      const n: PMap = { kind: 'map', pos: p, pairs: [] };
      p++;
      ws();
      if (text[p] === '}') {
        p++;
        return n;
      }
      for (;;) {
        ws();
        if (text[p] !== '"') fail('a string (object key)');
        const key = str();
        ws();
        if (text[p] !== ':') fail("':' after object key");
        p++;
        n.pairs.push({ key, value: value() });
        ws();
        if (text[p] === ',') {
          p++;
          continue;
        }
        if (text[p] === '}') {
          p++;
          return n;
        }
        fail("',' or '}' after object value");
      }
    }
    if (c === '[') {
      const n: PSeq = { kind: 'seq', pos: p, items: [] };
      p++;
      ws();
      if (text[p] === ']') {
        p++;
        return n;
      }
      for (;;) {
        n.items.push(value());
        ws();
        if (text[p] === ',') {
          p++;
          continue;
        }
        if (text[p] === ']') {
          p++;
          return n;
        }
        fail("',' or ']' after array element");
      }
    }
    if (c === '"') return str();
    const start = p;
    for (const [lit, type] of [['true', 'boolean'], ['false', 'boolean'], ['null', 'null']] as const) {
      if (text.startsWith(lit, p)) {
        p += lit.length;
        return { kind: 'scalar', pos: start, value: lit, isNull: type === 'null', isString: false, jsonType: type };
      }
    }
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(p, p + 400));
    if (m && m[0] !== '-' && m[0].length > 0) {
      p += m[0].length;
      return { kind: 'scalar', pos: start, value: m[0], isNull: false, isString: false, jsonType: 'number' };
    }
    return fail('a value');
  }

  try {
    if (text.charCodeAt(0) === 0xfeff) throw new JsonError('a byte order mark is not allowed at the start of JSON', 0);
    ws();
    if (p >= text.length) throw new JsonError('unexpected end of JSON input', p);
    const root = value();
    ws();
    if (p < text.length) throw new JsonError(`unexpected ${describe(p)} after top-level value`, p);
    return { root: root.kind === 'scalar' && root.isNull ? null : root };
  } catch (e) {
    if (e instanceof JsonError) return { error: { message: e.message, pos: e.pos } };
    throw e;
  }
}

// Line starts of the last text asked about: a file's every target and
// problem asks for its position, and rescanning from offset 0 each time made
// an SD file of 20,000 targets take 54 s to check.
let tableText: string | null = null;
let tableStarts: number[] = [0];

function lineStartsOf(text: string): number[] {
  if (text === tableText) return tableStarts;
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  tableText = text;
  tableStarts = starts;
  return starts;
}

/** 1-based line and column (UTF-16 units) of `pos` in `text`; lines end at `\n` only. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  const end = Math.min(Math.max(pos, 0), text.length);
  const starts = lineStartsOf(text);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= end) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: end - starts[lo]! + 1 };
}

// ---------------------------------------------------------------------------
// Endpoint addresses (Thanos pkg/discovery/dns).

const HOST_RE = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_.])?$/;

function hostPortError(s: string, portRequired: boolean, shown: string = s): string | null {
  let host: string;
  let port: string | null;
  if (s.startsWith('[')) {
    const m = /^\[([0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?)\](?::(.*))?$/.exec(s);
    if (!m || !m[1]!.includes(':')) return `"${shown}" is not a valid bracketed IPv6 address`;
    host = m[1]!;
    port = m[2] ?? null;
  } else {
    const colons = s.split(':').length - 1;
    if (colons > 1) return `"${shown}" has too many colons (write IPv6 addresses in brackets, e.g. [::1]:10901)`;
    if (colons === 0) {
      host = s;
      port = null;
    } else {
      const at = s.indexOf(':');
      host = s.slice(0, at);
      port = s.slice(at + 1);
    }
    if (host === '') return `"${shown}" has no host`;
    if (!HOST_RE.test(host)) return `"${host}" is not a valid host name or IP address`;
  }
  if (port === null) return portRequired ? `"${shown}" has no port (expected ${shown === s ? '' : 'dns+'}host:port)` : null;
  if (!/^[0-9]+$/.test(port)) return `port "${port}" of "${shown}" is not a number`;
  const n = Number(port);
  if (n < 1 || n > 65535) return `port ${n} of "${shown}" is out of range (1-65535)`;
  return null;
}

/**
 * Why `address` is not a Thanos endpoint address, or null when it is one:
 * `host:port`, `[ipv6]:port`, `dns+host:port`, `dnssrv+name[:port]`,
 * `dnssrvnoa+name[:port]`.
 */
export function endpointAddressError(address: string): string | null {
  if (address === '') return 'empty address';
  if (/\s/.test(address)) return `"${address}" contains whitespace`;
  const scheme = /^(?:[a-z]+\+)?([a-z][a-z0-9.-]*):\/\//i.exec(address);
  if (scheme) return `"${address}" has a URL scheme (${scheme[1]}://); a gRPC endpoint is host:port`;
  if (address.includes('/')) return `"${address}" contains a path; a gRPC endpoint is host:port`;
  const plus = address.indexOf('+');
  if (plus < 0) return hostPortError(address, true);
  const qtype = address.slice(0, plus);
  const name = address.slice(plus + 1);
  if (qtype === 'dns') return name === '' ? `"${address}" has no name to look up` : hostPortError(name, true, address);
  if (qtype === 'dnssrv' || qtype === 'dnssrvnoa') {
    return name === '' ? `"${address}" has no name to look up` : hostPortError(name, false, address);
  }
  return `unknown lookup prefix "${qtype}+" in "${address}" (use dns+, dnssrv+ or dnssrvnoa+)`;
}

// ---------------------------------------------------------------------------

interface Ctx {
  text: string;
  problems: SdProblem[];
  endpoints: { address: string; line: number; column: number }[];
}

function problem(ctx: Ctx, pos: number, kind: SdProblem['kind'], message: string): void {
  ctx.problems.push({ ...lineColumn(ctx.text, pos), message, kind });
}

function describeNode(n: PNode): string {
  if (n.kind === 'seq') return 'a list';
  if (n.kind === 'map') return 'a mapping';
  if (n.isNull) return 'null';
  if (n.jsonType && n.jsonType !== 'string') return `a ${n.jsonType}`;
  return `"${n.value}"`;
}

/** Decode a scalar into a Go string field; null when the decoder would refuse it. */
function asString(n: PNode, json: boolean): string | null {
  if (n.kind !== 'scalar') return null;
  if (n.isNull) return '';
  if (json && n.jsonType !== 'string') return null;
  return n.value; // yaml.v2/v3 decode any scalar into a string as written
}

/** yaml.v3 into a Go bool: true/false (any case form) plus the YAML 1.1 words. */
function asBool(n: PNode): boolean | null {
  if (n.kind !== 'scalar') return null;
  if (n.isNull) return false;
  const v = n.value;
  if (!n.isString && ['true', 'True', 'TRUE'].includes(v)) return true;
  if (!n.isString && ['false', 'False', 'FALSE'].includes(v)) return false;
  if (['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'].includes(v)) return true;
  if (['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].includes(v)) return false;
  return null;
}

function addEndpoint(ctx: Ctx, address: string, pos: number): void {
  ctx.endpoints.push({ address, ...lineColumn(ctx.text, pos) });
  const err = endpointAddressError(address);
  if (err) problem(ctx, pos, 'malformed-endpoint', err);
}

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function validateFileSd(ctx: Ctx, root: PNode | null, json: boolean): void {
  if (root === null) return;
  if (root.kind !== 'seq') {
    problem(ctx, root.pos, 'invalid', `a file_sd file is a list of target groups, found ${describeNode(root)}`);
    return;
  }
  for (const group of root.items) {
    if (group.kind === 'scalar' && group.isNull) {
      problem(ctx, group.pos, 'invalid', 'nil target group item found');
      continue;
    }
    if (group.kind !== 'map') {
      problem(ctx, group.pos, 'invalid', `a target group is a mapping with \`targets\` and optional \`labels\`, found ${describeNode(group)}`);
      continue;
    }
    for (const { key, value } of group.pairs) {
      const rawName = key.kind === 'scalar' ? key.value : '';
      // encoding/json matches field names case-insensitively; yaml.v2 exactly
      const name = json ? rawName.toLowerCase() : rawName;
      if (key.kind !== 'scalar' || (name !== 'targets' && name !== 'labels')) {
        problem(ctx, key.pos, 'invalid', `unknown field ${key.kind === 'scalar' ? `"${rawName}"` : describeNode(key)} in target group (allowed: targets, labels)`);
        continue;
      }
      if (value.kind === 'scalar' && value.isNull) continue;
      if (name === 'targets') {
        if (value.kind !== 'seq') {
          problem(ctx, value.pos, 'invalid', `\`targets\` must be a list of strings, found ${describeNode(value)}`);
          continue;
        }
        for (const t of value.items) {
          const s = asString(t, json);
          if (s === null) problem(ctx, t.pos, 'invalid', `a target must be a string, found ${describeNode(t)}`);
          else addEndpoint(ctx, s, t.pos);
        }
      } else {
        if (value.kind !== 'map') {
          problem(ctx, value.pos, 'invalid', `\`labels\` must be a mapping of label name to string, found ${describeNode(value)}`);
          continue;
        }
        for (const l of value.pairs) {
          const ln = asString(l.key, json);
          if (ln === null || !LABEL_NAME_RE.test(ln)) {
            problem(ctx, l.key.pos, 'invalid', `${ln === null ? describeNode(l.key) : `"${ln}"`} is not a valid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)`);
          }
          if (asString(l.value, json) === null) {
            problem(ctx, l.value.pos, 'invalid', `the value of label "${ln ?? ''}" must be a string, found ${describeNode(l.value)}`);
          }
        }
      }
    }
  }
}

function pairValue(m: PMap, name: string): PNode | undefined {
  let found: PNode | undefined;
  for (const p of m.pairs) if (p.key.kind === 'scalar' && p.key.value === name) found = p.value;
  return found;
}

function validateClientConfig(ctx: Ctx, n: PNode | undefined, where: string, compressionKey: string): void {
  if (!n || (n.kind === 'scalar' && n.isNull)) return;
  if (n.kind !== 'map') {
    problem(ctx, n.pos, 'invalid', `\`${where}\` must be a mapping, found ${describeNode(n)}`);
    return;
  }
  const tls = pairValue(n, 'tls_config');
  if (tls && !(tls.kind === 'scalar' && tls.isNull)) {
    if (tls.kind !== 'map') problem(ctx, tls.pos, 'invalid', `\`${where}.tls_config\` must be a mapping, found ${describeNode(tls)}`);
    else {
      for (const b of ['enabled', 'insecure_skip_verify']) {
        const v = pairValue(tls, b);
        if (v && asBool(v) === null) problem(ctx, v.pos, 'invalid', `\`${where}.tls_config.${b}\` must be true or false, found ${describeNode(v)}`);
      }
      for (const s of ['cert_file', 'key_file', 'ca_file', 'min_version']) {
        const v = pairValue(tls, s);
        if (v && asString(v, false) === null) problem(ctx, v.pos, 'invalid', `\`${where}.tls_config.${s}\` must be a string, found ${describeNode(v)}`);
      }
    }
  }
  const server = pairValue(n, 'server_name');
  if (server && asString(server, false) === null) problem(ctx, server.pos, 'invalid', `\`${where}.server_name\` must be a string, found ${describeNode(server)}`);
  const comp = pairValue(n, compressionKey);
  if (comp) {
    const c = asString(comp, false);
    if (c === null || !['', 'none', 'snappy'].includes(c)) {
      problem(ctx, comp.pos, 'invalid', `invalid compression ${c === null ? describeNode(comp) : `"${c}"`} in \`${where}.${compressionKey}\`, must be 'none' or 'snappy'`);
    }
  }
}

function validateEndpointConfig(ctx: Ctx, root: PNode | null): void {
  if (root === null) return;
  if (root.kind !== 'map') {
    problem(ctx, root.pos, 'invalid', `an endpoint config is a mapping with \`endpoints:\`, found ${describeNode(root)}`);
    return;
  }
  // yaml.v3 Unmarshal (not strict): keys other than these are ignored by Thanos.
  validateClientConfig(ctx, pairValue(root, 'default_client_config'), 'default_client_config', 'compression');
  const list = pairValue(root, 'endpoints');
  if (!list || (list.kind === 'scalar' && list.isNull)) return;
  if (list.kind !== 'seq') {
    problem(ctx, list.pos, 'invalid', `\`endpoints\` must be a list of \`{address: ...}\` entries, found ${describeNode(list)}`);
    return;
  }
  for (const item of list.items) {
    if (item.kind === 'scalar' && item.isNull) {
      problem(ctx, item.pos, 'malformed-endpoint', 'endpoint entry has no address');
      continue;
    }
    if (item.kind !== 'map') {
      const hint = item.kind === 'scalar' ? ` (write \`- address: ${item.value}\`)` : '';
      problem(ctx, item.pos, 'invalid', `an endpoint entry is a mapping with \`address:\`, found ${describeNode(item)}${hint}`);
      continue;
    }
    const addrNode = pairValue(item, 'address');
    let address: string | null = null;
    if (!addrNode || (addrNode.kind === 'scalar' && addrNode.isNull)) {
      problem(ctx, addrNode?.pos ?? item.pos, 'malformed-endpoint', 'endpoint entry has no address');
    } else {
      address = asString(addrNode, false);
      if (address === null) problem(ctx, addrNode.pos, 'invalid', `\`address\` must be a string, found ${describeNode(addrNode)}`);
      else addEndpoint(ctx, address, addrNode.pos);
    }
    const flags: Record<string, boolean> = {};
    for (const b of ['strict', 'group']) {
      const v = pairValue(item, b);
      const parsed = v ? asBool(v) : false;
      if (v && parsed === null) problem(ctx, v.pos, 'invalid', `\`${b}\` must be true or false, found ${describeNode(v)}`);
      flags[b] = parsed === true;
    }
    const label = address ?? '(no address)';
    if (flags.strict && address !== null && address.includes('+')) {
      problem(ctx, addrNode!.pos, 'invalid', `${label} is a dynamically specified endpoint (DNS SD), which strict mode does not permit`);
    }
    const sc = pairValue(item, 'service_config');
    if (sc) {
      const s = asString(sc, false);
      if (s === null) problem(ctx, sc.pos, 'invalid', `\`service_config\` must be a string, found ${describeNode(sc)}`);
      else if (s !== '' && !flags.group) problem(ctx, sc.pos, 'invalid', `${label}: service_config is only valid for endpoint groups (group: true)`);
    }
    validateClientConfig(ctx, pairValue(item, 'client_config'), 'client_config', 'compression');
    // before Thanos v0.40 the per-endpoint block was `grpc_client_config` with `compression_type`
    validateClientConfig(ctx, pairValue(item, 'grpc_client_config'), 'grpc_client_config', 'compression_type');
  }
}

/**
 * Validate an SD file as Thanos would read it. `schema`: 'file-sd' for
 * --store.sd-files / --query.sd-files (JSON when the name ends in .json,
 * else YAML); 'endpoint-config' for --endpoint.sd-config-file (YAML).
 * Line and column are 1-based.
 */
export function validateSdFile(text: string, fileName: string, schema: 'file-sd' | 'endpoint-config'): SdValidation {
  const ctx: Ctx = { text, problems: [], endpoints: [] };
  const ext = /\.([^./\\]*)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const json = schema === 'file-sd' && ext === 'json';
  if (schema === 'file-sd' && !['json', 'yml', 'yaml'].includes(ext)) {
    ctx.problems.push({ line: 1, column: 1, kind: 'invalid', message: `file_sd files must end in .json, .yml or .yaml; "${fileName}" is not read` });
  }
  const parsed = json ? parseJsonPositioned(text) : parseYamlPositioned(text);
  if ('error' in parsed) {
    const { message, pos, line, column } = parsed.error;
    const at = line !== undefined && column !== undefined ? { line, column } : lineColumn(text, pos ?? 0);
    ctx.problems.push({ ...at, kind: 'invalid', message: `${json ? 'invalid JSON' : 'invalid YAML'}: ${message}` });
    return { endpoints: [], problems: ctx.problems };
  }
  if (schema === 'file-sd') validateFileSd(ctx, parsed.root, json);
  else validateEndpointConfig(ctx, parsed.root);

  const seen = new Set<string>();
  const malformed = new Set(ctx.problems.filter((p) => p.kind === 'malformed-endpoint').map((p) => `${p.line}:${p.column}`));
  for (const e of ctx.endpoints) {
    if (malformed.has(`${e.line}:${e.column}`)) continue;
    if (seen.has(e.address)) {
      ctx.problems.push({ line: e.line, column: e.column, kind: 'duplicate-endpoint', message: `duplicate endpoint ${e.address}` });
    }
    seen.add(e.address);
  }
  ctx.problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { endpoints: ctx.endpoints, problems: ctx.problems };
}
