// The job summary of a check that wrote no report (a usage or config error,
// exit 2). Every other run's summary is written by `check --format github`
// itself; both come from src/output/reporters/github-summary.ts, built into
// dist/ by the action's first step.
//
//   node action/summary.mjs EXIT_CODE

import { noReportSummary } from '../dist/src/output/reporters/github-summary.js';

process.stdout.write(noReportSummary(Number(process.argv[2])));
