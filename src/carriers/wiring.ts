// The pieces carriers wire discovery with. A rule asks for discovery for one
// consumer (a DiscoveryRequest: the flag, the endpoints, the SD file's name);
// the carrier of the consumer's file answers with a WiringPlan in its own
// terms. These are the spellings several carriers share: an SD file next to
// the file that starts the consumer, static flags where no file can be
// placed, and a refusal that says what a human must do.

import { basename, dirname, join } from 'node:path';
import type { Asks, DiscoveryRequest, NewArg, SdFileSpec, WiringPlan } from '../model.js';
import { firstFew } from '../lists.js';

export function sdFileSpec(request: DiscoveryRequest, path: string): SdFileSpec {
  return { path, role: request.role, schema: request.schema, encoding: request.encoding, endpoints: request.endpoints, readBy: `--${request.flag}` };
}

/** Every address of the request: where a human must write them, the message is the only place they are. */
export function listed(request: DiscoveryRequest): string {
  return request.endpoints.map((endpoint) => endpoint.address).join(', ');
}

/** Addresses named in a wiring's description at most: the SD file it writes has them all. */
const NAMED_IN_DESCRIPTION = 10;

/**
 * The addresses of a wiring that writes its SD file: the first few named,
 * the rest counted. A Querier of a mesh of 2,000 Stores had every address in
 * its finding, 0.5 MB of one message, and again for each of its mesh's Queriers.
 */
export function listedBriefly(request: DiscoveryRequest): string {
  return firstFew(request.endpoints, NAMED_IN_DESCRIPTION, (endpoint) => endpoint.address, ', ', (left) => ` and ${left} more (all in the SD file)`);
}

/** Where the tool writes a consumer's SD file: next to the file that starts it. */
export function siblingPath(request: DiscoveryRequest, name = request.sdFileName): string {
  const file = request.consumer.carrier.file;
  return join(file.path.startsWith('<') ? '.' : dirname(file.path), name);
}

/** What `--sd-path` makes the flag say: that path, or its folder with this consumer's own name (one file per mesh). */
export function sdPathRead(request: DiscoveryRequest): string | undefined {
  const sdPath = request.sdPath;
  if (sdPath === undefined) return undefined;
  return basename(sdPath) === request.sdFileName ? sdPath : join(dirname(sdPath), request.sdFileName);
}

/**
 * Discovery through an SD file of its own next to the consumer's file, read
 * at `readPath`; `arg` spells the flag for the carrier (a shell script quotes
 * `"$(dirname "$0")/…"` itself).
 */
export function siblingFileWiring(request: DiscoveryRequest, readPath: string, arg: NewArg = { value: `--${request.flag}=${readPath}` }): WiringPlan {
  const writePath = siblingPath(request);
  const carrier = request.consumer.carrier;
  return {
    kind: 'wired',
    wiring: {
      consumer: request.consumer,
      readPath,
      description: `add --${request.flag}=${readPath} listing ${listedBriefly(request)}`,
      endpoints: request.endpoints,
      edits: carrier.editor.insertAfter(request.anchor, [arg]),
      documents: [],
      sdFiles: [sdFileSpec(request, writePath)],
    },
  };
}

/**
 * Discovery as static flags, for carriers that render manifests elsewhere
 * (Helm templates, jsonnet libraries): a ConfigMap and a volume there would
 * be guesses about the rest of the chart, static flags need nothing else. A
 * Service the endpoints need is a chart change for a human.
 */
export function staticFlagsWiring(request: DiscoveryRequest, where: string): WiringPlan {
  const services = request.endpoints.flatMap((endpoint) => (endpoint.serviceToAdd ? [endpoint.serviceToAdd.name] : []));
  if (services.length > 0) {
    return refused(`in ${where} needs ${[...new Set(services)].join(', ')}: add a headless Service exposing the ${request.role === 'store' ? 'gRPC' : 'HTTP'} port to the chart (manual), then run again`);
  }
  const args = request.endpoints.map((endpoint) => ({ value: `--${request.staticFlag}=${endpoint.address}` }));
  return {
    kind: 'wired',
    wiring: {
      consumer: request.consumer,
      readPath: '',
      description: `add static ${args.map((arg) => arg.value).join(' ')}`,
      endpoints: request.endpoints,
      edits: request.consumer.carrier.editor.insertAfter(request.anchor, args),
      documents: [],
      sdFiles: [],
    },
  };
}

/** `reason` follows the consumer's name in the finding (`thanos query x in a Dockerfile …`). */
export function refused(reason: string, asks?: Asks): WiringPlan {
  return { kind: 'refused', reason, ...(asks ? { asks } : {}) };
}
