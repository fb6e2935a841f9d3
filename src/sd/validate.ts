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

import { readYamlData, deref, offsetOf, isNullScalar, isNullNode, isStringScalar, type DataNode } from '../text/yaml-data.js';
import { readJsonTree, jsonTypeOf } from '../text/json-tree.js';
import type { YMap, YNode } from '../text/yaml-tree.js';
import { countAtOrBelow } from '../sorted.js';

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

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

function lineColumnIn(starts: readonly number[], length: number, pos: number): { line: number; column: number } {
  const end = Math.min(Math.max(pos, 0), length);
  // starts[0] is 0, so some line holds `end`.
  const line = countAtOrBelow(starts, end) - 1;
  return { line: line + 1, column: end - starts[line]! + 1 };
}

/** 1-based line and column (UTF-16 units) of `pos` in `text`; lines end at `\n` only. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  return lineColumnIn(lineStartsOf(text), text.length, pos);
}

/**
 * Where `pos` is in the text being validated. Every target and problem of a
 * file asks, so its line starts are found once per validation: rescanning
 * from offset 0 made an SD file of 20,000 targets take 54 s, and a table
 * kept for "the last text" compared each new text with the last one, which
 * for the identical SD files of one mesh's Queriers is a full comparison per
 * target (2 s of a migrate preview of one 949-member mesh).
 */
function positionIn(ctx: Ctx, pos: number): { line: number; column: number } {
  ctx.lineStarts ??= lineStartsOf(ctx.text);
  return lineColumnIn(ctx.lineStarts, ctx.text.length, pos);
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
  /** Line starts of `text`, found on the first position asked. */
  lineStarts?: number[];
}

function problem(ctx: Ctx, pos: number, kind: SdProblem['kind'], message: string): void {
  ctx.problems.push({ ...positionIn(ctx, pos), message, kind });
}

/** A problem about node `n`, at the offset yaml-data.ts gives it. */
function problemAt(ctx: Ctx, n: YNode, kind: SdProblem['kind'], message: string): void {
  problem(ctx, offsetOf(n), kind, message);
}

function describeNode(n: YNode, json = false): string {
  const d = deref(n);
  if (d.kind === 'seq') return 'a list';
  if (d.kind === 'map') return 'a mapping';
  if (isNullScalar(d)) return 'null';
  if (json && jsonTypeOf(d) !== 'string') return `a ${jsonTypeOf(d)}`;
  return `"${d.value}"`;
}

/** Decode a scalar into a Go string field; null when the decoder would refuse it. */
function asString(n: YNode, json: boolean): string | null {
  const d = deref(n);
  if (d.kind !== 'scalar') return null;
  if (isNullScalar(d)) return '';
  if (json && jsonTypeOf(d) !== 'string') return null;
  return d.value; // yaml.v2/v3 decode any scalar into a string as written
}

/** yaml.v3 into a Go bool: true/false (any case form) plus the YAML 1.1 words. */
function asBool(n: YNode): boolean | null {
  const d = deref(n);
  if (d.kind !== 'scalar') return null;
  if (isNullScalar(d)) return false;
  const v = d.value;
  if (!isStringScalar(d) && ['true', 'True', 'TRUE'].includes(v)) return true;
  if (!isStringScalar(d) && ['false', 'False', 'FALSE'].includes(v)) return false;
  if (['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'].includes(v)) return true;
  if (['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].includes(v)) return false;
  return null;
}

function addEndpoint(ctx: Ctx, address: string, pos: number): void {
  ctx.endpoints.push({ address, ...positionIn(ctx, pos) });
  const err = endpointAddressError(address);
  if (err) problem(ctx, pos, 'malformed-endpoint', err);
}

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function validateFileSd(ctx: Ctx, root: YNode | null, json: boolean): void {
  if (root === null) return;
  const list = deref(root);
  if (list.kind !== 'seq') {
    problemAt(ctx, root, 'invalid', `a file_sd file is a list of target groups, found ${describeNode(root, json)}`);
    return;
  }
  for (const item of list.items) {
    const group = deref(item);
    if (isNullNode(group)) {
      problemAt(ctx, item, 'invalid', 'nil target group item found');
      continue;
    }
    if (group.kind !== 'map') {
      problemAt(ctx, item, 'invalid', `a target group is a mapping with \`targets\` and optional \`labels\`, found ${describeNode(item, json)}`);
      continue;
    }
    for (const { key, value } of group.pairs) {
      const keyNode = deref(key);
      const rawName = keyNode.kind === 'scalar' ? keyNode.value : '';
      // encoding/json matches field names case-insensitively; yaml.v2 exactly
      const name = json ? rawName.toLowerCase() : rawName;
      if (keyNode.kind !== 'scalar' || (name !== 'targets' && name !== 'labels')) {
        problemAt(ctx, key, 'invalid', `unknown field ${keyNode.kind === 'scalar' ? `"${rawName}"` : describeNode(key, json)} in target group (allowed: targets, labels)`);
        continue;
      }
      if (isNullNode(value)) continue;
      const data = deref(value);
      if (name === 'targets') {
        if (data.kind !== 'seq') {
          problemAt(ctx, value, 'invalid', `\`targets\` must be a list of strings, found ${describeNode(value, json)}`);
          continue;
        }
        for (const t of data.items) {
          const s = asString(t, json);
          if (s === null) problemAt(ctx, t, 'invalid', `a target must be a string, found ${describeNode(t, json)}`);
          else addEndpoint(ctx, s, offsetOf(t));
        }
      } else {
        if (data.kind !== 'map') {
          problemAt(ctx, value, 'invalid', `\`labels\` must be a mapping of label name to string, found ${describeNode(value, json)}`);
          continue;
        }
        for (const l of data.pairs) {
          const ln = asString(l.key, json);
          if (ln === null || !LABEL_NAME_RE.test(ln)) {
            problemAt(ctx, l.key, 'invalid', `${ln === null ? describeNode(l.key, json) : `"${ln}"`} is not a valid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)`);
          }
          if (asString(l.value, json) === null) {
            problemAt(ctx, l.value, 'invalid', `the value of label "${ln ?? ''}" must be a string, found ${describeNode(l.value, json)}`);
          }
        }
      }
    }
  }
}

function pairValue(m: YMap, name: string): YNode | undefined {
  let found: YNode | undefined;
  for (const p of m.pairs) {
    const key = deref(p.key);
    if (key.kind === 'scalar' && key.value === name) found = p.value;
  }
  return found;
}

function validateClientConfig(ctx: Ctx, n: YNode | undefined, where: string, compressionKey: string): void {
  if (!n || isNullNode(n)) return;
  const config = deref(n);
  if (config.kind !== 'map') {
    problemAt(ctx, n, 'invalid', `\`${where}\` must be a mapping, found ${describeNode(n)}`);
    return;
  }
  const tls = pairValue(config, 'tls_config');
  if (tls && !isNullNode(tls)) {
    const tlsMap = deref(tls);
    if (tlsMap.kind !== 'map') problemAt(ctx, tls, 'invalid', `\`${where}.tls_config\` must be a mapping, found ${describeNode(tls)}`);
    else {
      for (const b of ['enabled', 'insecure_skip_verify']) {
        const v = pairValue(tlsMap, b);
        if (v && asBool(v) === null) problemAt(ctx, v, 'invalid', `\`${where}.tls_config.${b}\` must be true or false, found ${describeNode(v)}`);
      }
      for (const s of ['cert_file', 'key_file', 'ca_file', 'min_version']) {
        const v = pairValue(tlsMap, s);
        if (v && asString(v, false) === null) problemAt(ctx, v, 'invalid', `\`${where}.tls_config.${s}\` must be a string, found ${describeNode(v)}`);
      }
    }
  }
  const server = pairValue(config, 'server_name');
  if (server && asString(server, false) === null) problemAt(ctx, server, 'invalid', `\`${where}.server_name\` must be a string, found ${describeNode(server)}`);
  const comp = pairValue(config, compressionKey);
  if (comp) {
    const c = asString(comp, false);
    if (c === null || !['', 'none', 'snappy'].includes(c)) {
      problemAt(ctx, comp, 'invalid', `invalid compression ${c === null ? describeNode(comp) : `"${c}"`} in \`${where}.${compressionKey}\`, must be 'none' or 'snappy'`);
    }
  }
}

function validateEndpointConfig(ctx: Ctx, root: YNode | null): void {
  if (root === null) return;
  const config = deref(root);
  if (config.kind !== 'map') {
    problemAt(ctx, root, 'invalid', `an endpoint config is a mapping with \`endpoints:\`, found ${describeNode(root)}`);
    return;
  }
  // yaml.v3 Unmarshal (not strict): keys other than these are ignored by Thanos.
  validateClientConfig(ctx, pairValue(config, 'default_client_config'), 'default_client_config', 'compression');
  const list = pairValue(config, 'endpoints');
  if (!list || isNullNode(list)) return;
  const entries = deref(list);
  if (entries.kind !== 'seq') {
    problemAt(ctx, list, 'invalid', `\`endpoints\` must be a list of \`{address: ...}\` entries, found ${describeNode(list)}`);
    return;
  }
  for (const entry of entries.items) {
    const item: DataNode = deref(entry);
    if (isNullNode(item)) {
      problemAt(ctx, entry, 'malformed-endpoint', 'endpoint entry has no address');
      continue;
    }
    if (item.kind !== 'map') {
      const hint = item.kind === 'scalar' ? ` (write \`- address: ${item.value}\`)` : '';
      problemAt(ctx, entry, 'invalid', `an endpoint entry is a mapping with \`address:\`, found ${describeNode(entry)}${hint}`);
      continue;
    }
    const addrNode = pairValue(item, 'address');
    let address: string | null = null;
    if (!addrNode || isNullNode(addrNode)) {
      problemAt(ctx, addrNode ?? entry, 'malformed-endpoint', 'endpoint entry has no address');
    } else {
      address = asString(addrNode, false);
      if (address === null) problemAt(ctx, addrNode, 'invalid', `\`address\` must be a string, found ${describeNode(addrNode)}`);
      else addEndpoint(ctx, address, offsetOf(addrNode));
    }
    const flags: Record<string, boolean> = {};
    for (const b of ['strict', 'group']) {
      const v = pairValue(item, b);
      const parsed = v ? asBool(v) : false;
      if (v && parsed === null) problemAt(ctx, v, 'invalid', `\`${b}\` must be true or false, found ${describeNode(v)}`);
      flags[b] = parsed === true;
    }
    const label = address ?? '(no address)';
    if (flags.strict && address !== null && address.includes('+')) {
      problemAt(ctx, addrNode!, 'invalid', `${label} is a dynamically specified endpoint (DNS SD), which strict mode does not permit`);
    }
    const sc = pairValue(item, 'service_config');
    if (sc) {
      const s = asString(sc, false);
      if (s === null) problemAt(ctx, sc, 'invalid', `\`service_config\` must be a string, found ${describeNode(sc)}`);
      else if (s !== '' && !flags.group) problemAt(ctx, sc, 'invalid', `${label}: service_config is only valid for endpoint groups (group: true)`);
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
  const parsed = json ? readJsonTree(text) : readYamlData(text);
  if ('error' in parsed) {
    const { message, pos, line, column } = { line: undefined, column: undefined, ...parsed.error };
    const at = line !== undefined && column !== undefined ? { line, column } : lineColumn(text, pos);
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
