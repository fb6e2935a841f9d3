// The reporters of `check --format`, one module per format.

import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Format, Reporter } from './types.js';

export const REPORTERS = { stylish, json, sarif, github, junit, gitlab } satisfies Record<Format, Reporter>;

/** The format names, in the order to show them in --help. */
export const FORMATS = Object.keys(REPORTERS) as Format[];

export function isFormat(name: string): name is Format {
  return Object.hasOwn(REPORTERS, name);
}

export { JSON_FORMAT_VERSION } from './json.js';
export type { Format, ReportFinding, ReportInput, ReportPalette, ReportProblem, ReportSeverity, Reporter, RuleDescription } from './types.js';
