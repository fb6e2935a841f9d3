// Discovery wired into YAML: a Kubernetes consumer reads its SD file from a
// ConfigMap appended to its own file and mounted into its container (and a
// StoreAPI without a per-pod Service gets a headless one); a compose service
// reads a file of its own, bind-mounted from beside the compose file.

import { dirname, join } from 'node:path';
import type { DiscoveryRequest, NewDocument, WiringPlan, WorkloadContext } from '../../model.js';
import { renderSdFile } from '../../sd/render.js';
import { listed, listedBriefly, refused, sdFileSpec, staticFlagsWiring } from '../wiring.js';
import { mountConfigMap } from './insert.js';
import { mountComposeFile } from './compose-mount.js';
import { renderConfigMap, renderService } from './render.js';

/** Where Kubernetes Queriers and Rulers mount their SD ConfigMap. */
export const KUBE_SD_MOUNT = '/etc/thanos/sd';

/** Headless Services the endpoints need (a StoreAPI no Service exposes per pod), in the files of their workloads. */
function serviceDocuments(request: DiscoveryRequest): NewDocument[] {
  return request.endpoints.flatMap((endpoint) => {
    const service = endpoint.serviceToAdd;
    if (!service) return [];
    const text = renderService({
      name: service.name,
      ...(service.namespace !== undefined ? { namespace: service.namespace } : {}),
      selector: service.selector,
      headless: true,
      ports: [{ name: service.portName, port: service.port, targetPort: service.port }],
    });
    return [{ file: service.file, key: `Service/${service.namespace ?? ''}/${service.name}`, text }];
  });
}

function wireKubernetes(request: DiscoveryRequest, context: WorkloadContext): WiringPlan {
  // A patch can change only what it patches: a ConfigMap beside it would be a patch of a ConfigMap the build lacks.
  if (context.kustomizePatch) return staticFlagsWiring(request, `a kustomize patch (applied by ${context.kustomizePatch.kustomizations.join(', ')})`);
  const carrier = request.consumer.carrier;
  const workload = context.workloadName;
  const role = request.role === 'store' ? 'store' : 'query';
  const configMapName = `${workload}-${role}-sd`;
  const readPath = request.sdPath ?? `${KUBE_SD_MOUNT}/${request.sdFileName}`;
  const mount = mountConfigMap(carrier, { volumeName: `${role}-sd`, configMapName, mountPath: KUBE_SD_MOUNT });
  if ('problem' in mount) return refused(`cannot have its SD ConfigMap mounted into ${context.label}: ${mount.problem} (manual)`);
  const sd = sdFileSpec(request, request.sdFileName);
  const written = context.namespaceFromBuild ? undefined : context.namespace;
  const configMap = renderConfigMap({ name: configMapName, ...(written !== undefined ? { namespace: written } : {}), data: { [sd.path]: renderSdFile(sd) } });
  return {
    kind: 'wired',
    wiring: {
      consumer: request.consumer,
      readPath,
      description: `add --${request.flag}=${readPath} from ConfigMap ${configMapName} listing ${listedBriefly(request)}`,
      configMap: { name: configMapName, mountPath: KUBE_SD_MOUNT },
      endpoints: request.endpoints,
      edits: [...carrier.editor.insertAfter(request.anchor, [{ value: `--${request.flag}=${readPath}` }]), ...mount],
      documents: [{ file: carrier.file, key: `ConfigMap/${context.namespace ?? ''}/${configMapName}`, text: configMap }, ...serviceDocuments(request)],
      sdFiles: [],
    },
  };
}

function wireCompose(request: DiscoveryRequest, service: string): WiringPlan {
  const carrier = request.consumer.carrier;
  // One file per compose service: services on different networks reach different stores.
  const fileName = request.sdFileName.replace(/(\.[a-z]+)$/, `.${service}$1`);
  const containerPath = request.sdPath ?? `/etc/thanos/${fileName}`;
  const mount = mountComposeFile(carrier, `./${fileName}`, containerPath);
  if ('problem' in mount) return refused(`cannot have the SD file mounted into ${carrier.context.label}: ${mount.problem} (manual)`);
  return {
    kind: 'wired',
    wiring: {
      consumer: request.consumer,
      readPath: containerPath,
      description: `add --${request.flag}=${containerPath}, mounted from ./${fileName}, listing ${listedBriefly(request)}`,
      endpoints: request.endpoints,
      edits: [...carrier.editor.insertAfter(request.anchor, [{ value: `--${request.flag}=${containerPath}` }]), ...mount],
      documents: [],
      sdFiles: [sdFileSpec(request, join(dirname(carrier.file.path), fileName))],
    },
  };
}

/** A YAML argv is a Kubernetes container or a compose service; one read from a view (a fence, a heredoc) is neither. */
export function wireYaml(request: DiscoveryRequest): WiringPlan {
  const context = request.consumer.carrier.context;
  if (context.kind === 'workload') return wireKubernetes(request, context);
  if (context.kind === 'compose') return wireCompose(request, context.service);
  return refused(`is in YAML that is no whole Kubernetes workload or compose service: add --${request.flag} and the file it reads (listing ${listed(request)}) by hand (manual)`);
}
