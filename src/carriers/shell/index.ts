// Shell scripts: each command line is an argv (`for` loops with literal
// values evaluated, `docker run` seen through); heredocs that run Thanos or
// feed manifests to kubectl are read too. A Querier here reads an SD file
// written next to the script, named relative to it.

import type { CarrierModule } from '../module.js';
import { readShellCarriers } from './read.js';
import type { HeredocBody } from '../../argv/tokenize.js';
import { readShellHeredocCarriers } from '../embedded/index.js';
import { collectEmbedded } from '../sink.js';
import { listed, refused, sdPathRead, siblingFileWiring } from '../wiring.js';

export const shellModule: CarrierModule = {
  kinds: ['shell'],
  outsideArgv: 'outside any command the tool can edit (a heredoc, a string, a function body)',
  read(file, sink) {
    // One tokenization gives the commands and the heredocs.
    const heredocs: HeredocBody[] = [];
    const commands = readShellCarriers(file, undefined, heredocs);
    return [...commands, ...collectEmbedded(sink, file, readShellHeredocCarriers(file, heredocs))];
  },
  wire(request) {
    const consumer = request.consumer;
    if (consumer.carrier.kind !== 'shell-command') {
      // A manifest in a heredoc: its pod cannot read a file next to the script, and a ConfigMap there is a human's edit.
      return refused(`is in a manifest inside a heredoc of ${consumer.carrier.file.path}: add --${request.flag} and a ConfigMap (or mount) holding its file (listing ${listed(request)}) by hand (manual)`);
    }
    const chosen = sdPathRead(request);
    if (consumer.runner === 'ssh' && chosen === undefined) {
      // A path next to this script is on this machine; the Querier runs on the other end of the ssh.
      return refused(
        `is started over ssh on another host: a file next to this script is not there. Pass --sd-path with the path the SD file will have on that host, and copy it there (it is written next to this script); it will list ${listed(request)}`,
        { flag: '--sd-path', about: `where the SD file of ${request.who} will be on the host it runs on over ssh` },
      );
    }
    if (consumer.runner && chosen === undefined) {
      // A path on the host means nothing inside the container: the user mounts the file and names it.
      return refused(
        `is started by ${consumer.runner} run: mount the SD file into the container (-v HOST_PATH:/etc/thanos/${request.sdFileName}:ro) and pass --sd-path with the path inside the container; it will list ${listed(request)}`,
        { flag: '--sd-path', about: `where the SD file is mounted inside the container of ${request.who}` },
      );
    }
    if (chosen !== undefined) return siblingFileWiring(request, chosen);
    // Scripts are run from anywhere (`./scripts/quickstart.sh`): name the file next to the script.
    const readPath = `$(dirname "$0")/${request.sdFileName}`;
    return siblingFileWiring(request, readPath, { raw: `--${request.flag}="${readPath}"` });
  },
};
