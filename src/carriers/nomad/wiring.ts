// Discovery wired into a Nomad task. A job file is submitted to the cluster
// and its tasks run wherever Nomad places them: a file written beside the
// job file is not on that node. So the SD file travels inside the job, as a
// `template` stanza Nomad renders into the task directory, and the Querier
// reads it there (`${NOMAD_TASK_DIR}` is `local/` of the task, `/local` in a
// container). `change_mode = "noop"`: Thanos rereads SD files when they
// change, a restart would only drop queries. With --sd-path the user places
// the file (a host volume, an artifact): the flag names that path and the
// file is written beside the job file for them to deliver.
//
// Endpoints are what the rule found: the addresses the input shows, or the
// answers given with --store-endpoint. A Consul or Nomad service name is not
// in the job file's args, so the tool never turns one into an endpoint; the
// rule asks instead.

import type { DiscoveryRequest, SourceFile, WiringPlan } from '../../model.js';
import { renderSdFile } from '../../sd/render.js';
import { indentationOf, lineBreakOf, lineEndWithBreak, lineContentEnd, lineIndexAt, lineTableOf } from '../../argv/text-lines.js';
import { listed, listedBriefly, refused, sdFileSpec, sdPathRead, siblingFileWiring } from '../wiring.js';
import type { NomadTaskPlace } from './read.js';

/** Where the template stanza writes the SD file, relative to the task's working directory. */
export function templateDestination(request: DiscoveryRequest): string {
  return `local/${request.sdFileName}`;
}

export function wireNomadTask(request: DiscoveryRequest, place: NomadTaskPlace | undefined): WiringPlan {
  const chosen = sdPathRead(request);
  if (chosen !== undefined) return siblingFileWiring(request, chosen);
  if (!place) return refused(`is in a Nomad job the tool did not read whole: add --${request.flag} and a template stanza writing its file (listing ${listed(request)}) by hand (manual)`);
  const destination = templateDestination(request);
  if (place.templateDestinations.includes(destination)) {
    return refused(`already has a template stanza writing ${destination}: check that it lists ${listed(request)} and add --${request.flag}=\${NOMAD_TASK_DIR}/${request.sdFileName} by hand (manual)`);
  }
  const sd = renderSdFile(sdFileSpec(request, request.sdFileName));
  if (/\{\{/.test(sd)) return refused(`would list an address holding {{ … }}, which Nomad's template would evaluate: add --${request.flag} and its file (listing ${listed(request)}) by hand (manual)`);
  const carrier = request.consumer.carrier;
  const readPath = `\${NOMAD_TASK_DIR}/${request.sdFileName}`;
  return {
    kind: 'wired',
    wiring: {
      consumer: request.consumer,
      readPath,
      description: `add --${request.flag}=${readPath} and a template stanza writing ${destination} into the task, listing ${listedBriefly(request)}`,
      endpoints: request.endpoints,
      edits: [...carrier.editor.insertAfter(request.anchor, [{ raw: `"--${request.flag}=${readPath}"` }]), templateStanza(carrier.file, place, destination, sd)],
      documents: [],
      sdFiles: [],
    },
  };
}

/** The stanza, on the lines after the task's `config` block, indented like it. */
function templateStanza(file: SourceFile, place: NomadTaskPlace, destination: string, sd: string) {
  const table = lineTableOf(file);
  const br = lineBreakOf(file.text);
  const indent = indentationOf(table, lineIndexAt(table, place.config.span.start));
  const unit = indentUnit(file, place);
  const inner = `${indent}${unit}`;
  const marker = sd.split('\n').includes('EOF') ? 'THANOS_SD' : 'EOF';
  // A heredoc is a template to HCL too: `${` and `%{` in an address must stay literal.
  const body = sd.replace(/([$%])\{/g, '$1$1{').replace(/\n$/, '').split('\n').map((line) => `${inner}${unit}${line}`);
  const lines = [`${indent}template {`, `${inner}destination = "${destination}"`, `${inner}change_mode = "noop"`, `${inner}data        = <<-${marker}`, ...body, `${inner}${unit}${marker}`, `${indent}}`];
  const line = lineIndexAt(table, place.config.span.end);
  const at = lineEndWithBreak(table, line);
  const endsFile = at === lineContentEnd(table, line);
  // A blank line first, as between the other stanzas of a task.
  return { file, span: { start: at, end: at }, text: endsFile ? `${br}${br}${lines.join(br)}` : `${br}${lines.join(br)}${br}` };
}

/** One level of the file's indentation: the config body's first line against the config line. */
function indentUnit(file: SourceFile, place: NomadTaskPlace): string {
  const table = lineTableOf(file);
  const outer = indentationOf(table, lineIndexAt(table, place.config.span.start));
  const first = place.config.body.items[0];
  if (!first) return '  ';
  const inner = indentationOf(table, lineIndexAt(table, first.span.start));
  return inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : '  ';
}
