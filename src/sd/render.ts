// SD files as Thanos reads them: the Prometheus file_sd list for
// --store.sd-files / --query.sd-files, or the v0.38+ endpoint config for
// --endpoint.sd-config-file. YAML carries one comment line per endpoint
// saying where it came from; JSON cannot, so the report says it instead.

import { provenanceSources, type Endpoint, type SdFileSpec } from '../model.js';

function provenanceComment(endpoint: Endpoint): string {
  const sources = provenanceSources(endpoint);
  return `# ${endpoint.address}: ${endpoint.confidence}, ${endpoint.reason} (${sources})`;
}

export function renderSdFile(spec: SdFileSpec): string {
  const addresses = spec.endpoints.map((endpoint) => endpoint.address);
  if (spec.encoding === 'json') {
    const value = spec.schema === 'endpoint-config' ? { endpoints: addresses.map((address) => ({ address })) } : [{ targets: addresses }];
    return `${JSON.stringify(value, null, 2)}\n`;
  }
  const header = [
    `# ${spec.role === 'store' ? 'StoreAPI endpoints for thanos query' : 'Query endpoints for thanos rule'} (${spec.readBy}), written by thanos-gossip-migrate.`,
    ...spec.endpoints.map(provenanceComment),
  ];
  const body =
    spec.schema === 'endpoint-config'
      ? ['endpoints:', ...addresses.map((address) => `  - address: ${yamlString(address)}`)]
      : ['- targets:', ...addresses.map((address) => `    - ${yamlString(address)}`)];
  return `${[...header, ...body].join('\n')}\n`;
}

function yamlString(value: string): string {
  return /^[A-Za-z0-9_.:+\[\]-]+$/.test(value) && !/^[\[\]]/.test(value) ? value : JSON.stringify(value);
}
