// Loaded with `node --import` into a child the hostile catalogue runs: its
// own peak RSS, the last line of its stderr, read back by the harness.

process.on('exit', () => {
  process.stderr.write(`\nMAXRSS=${process.resourceUsage().maxRSS}\n`);
});
