// Command lines embedded in documents and build files: Markdown runbooks
// (fences, heredocs in them, raw YAML), Dockerfiles (CMD/ENTRYPOINT), Ruby
// heredocs. Where the SD file lives when the image runs, or on the host a
// runbook describes, is the user's to say (--sd-path); generated text is a
// human's edit.

import type { DiscoveryRequest, WiringPlan } from '../../model.js';
import type { CarrierModule } from '../module.js';
import { readDockerfileCarriers } from './dockerfile.js';
import { readMarkdownCarriers } from './markdown.js';
import { readRubyHeredocCarriers } from './heredoc.js';
import { collectEmbedded } from '../sink.js';
import { listed, refused, sdPathRead, siblingFileWiring } from '../wiring.js';

function wireWithSdPath(request: DiscoveryRequest, what: string, where: string): WiringPlan {
  const readPath = sdPathRead(request);
  if (readPath !== undefined) return siblingFileWiring(request, readPath);
  return refused(`in a ${what} found its ${request.role === 'store' ? 'StoreAPI' : 'Query endpoint'}s through gossip: pass --sd-path with the SD file's path ${where}; it will list ${listed(request)}`, {
    flag: '--sd-path',
    about: `the path of the SD file ${where} (${request.consumer.carrier.file.path})`,
  });
}

export const markdownModule: CarrierModule = {
  kinds: ['markdown'],
  outsideArgv: 'in Markdown the tool does not rewrite (an indented code block, inline HTML)',
  read: (file, sink) => collectEmbedded(sink, file, readMarkdownCarriers(file)),
  wire: (request) => wireWithSdPath(request, 'runbook', 'on the host the runbook describes'),
};

export const dockerfileModule: CarrierModule = {
  kinds: ['dockerfile'],
  outsideArgv: 'outside CMD and ENTRYPOINT (a RUN line, an ARG or ENV value)',
  read: (file, sink) => collectEmbedded(sink, file, readDockerfileCarriers(file)),
  wire: (request) => wireWithSdPath(request, 'Dockerfile', 'inside the image: COPY or mount it'),
};

export const rubyModule: CarrierModule = {
  kinds: ['ruby'],
  outsideArgv: 'in Ruby code outside a heredoc the tool reads',
  read: (file, sink) => collectEmbedded(sink, file, readRubyHeredocCarriers(file)),
  // The argv lives in generated text: the file it would read is not ours to place.
  wire: (request) =>
    refused(
      `in a ruby file found its ${request.role === 'store' ? 'StoreAPI' : 'Query endpoint'}s through gossip: add --${request.flag} and the file it reads (listing ${listed(request)}) by hand; the tool does not place files for generated or documented command lines (manual)`,
      { flag: '--sd-path', about: `where ${request.who} reads its SD file` },
    ),
};
