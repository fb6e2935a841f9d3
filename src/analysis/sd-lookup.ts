// Where the SD file a Query or Rule flag names lives in the repository, if
// the input lets us see it: `$(dirname "$0")/x` and relative paths resolve
// against the file that starts Thanos; an absolute path (a unit's
// /etc/thanos/x) is checked through the copy migrate writes next to the unit.

import { basename, dirname, join } from 'node:path';
import type { Invocation } from '../model.js';

export type SdLookup =
  | { status: 'found'; path: string; text: string; note?: string }
  | { status: 'missing'; path: string }
  | { status: 'not-read'; path: string; why: string }
  | { status: 'unknown'; why: string };

const SCRIPT_DIR = /^"?\$\(dirname "?\$0"?\)"?\/(.+?)"?$/;

type Read = (path: string) => string | null | { notRead: string };

export function locateSdFile(invocation: Invocation, value: string, read: Read): SdLookup {
  const file = invocation.carrier.file;
  if (file.path.startsWith('<')) return { status: 'unknown', why: 'given as text' };
  const base = dirname(file.path);
  const scriptRelative = SCRIPT_DIR.exec(value);
  if (scriptRelative) return lookUp(join(base, scriptRelative[1]!), read);
  if (/[$`{}*?[]|<%/.test(value)) return { status: 'unknown', why: `${value} is only known at run time` };
  if (invocation.carrier.context.kind === 'workload') return { status: 'unknown', why: 'mounted into the container' };
  if (value.startsWith('/')) {
    const copy = join(base, basename(value));
    const text = read(copy);
    if (typeof text !== 'string') return { status: 'unknown', why: `${value} lives on the host` };
    return { status: 'found', path: copy, text, note: `local copy of ${value}` };
  }
  return lookUp(join(base, value), read);
}

function lookUp(path: string, read: Read): SdLookup {
  const text = read(path);
  if (text === null) return { status: 'missing', path };
  if (typeof text !== 'string') return { status: 'not-read', path, why: text.notRead };
  return { status: 'found', path, text };
}
