// The examples and the exit table at the end of each command's --help.

const EXIT_CODES = `
Exit codes: 0 clean or everything written; 1 changes pending, findings, or work left for a human;
2 usage or internal error; 3 an input could not be read or a file not written; 130/143 interrupted.
Config: .thanos-gossip-migrate.yaml (options, exclude, rules, ignore) is read by migrate, check and wizard.`;

export const EXAMPLES = {
  migrate: `
Examples:
  $ thanos-gossip-migrate deploy/                      # preview: diff on stdout, report on stderr
  $ thanos-gossip-migrate migrate --write deploy/      # apply it in place
  $ thanos-gossip-migrate migrate --out-dir out/ deploy/ --thanos-version v0.38.0
  $ thanos-gossip-migrate migrate --store-endpoint deployment/thanos-query=store.monitoring.svc:10901 k8s/
  $ thanos-gossip-migrate --cmd 'thanos query --cluster.peers=10.0.0.1:10900 --store=10.0.0.2:10901'
  $ thanos-gossip-migrate migrate --plan-out plan.json deploy/ && thanos-gossip-migrate apply plan.json
${EXIT_CODES}
`,
  check: `
Examples:
  $ thanos-gossip-migrate check                                    # stylish report of ., exit 1 on errors
  $ thanos-gossip-migrate check -f sarif -o gossip.sarif deploy/
  $ thanos-gossip-migrate check --format github --format sarif=gossip.sarif .
  $ thanos-gossip-migrate check --format junit=junit.xml --format gitlab=gl-code-quality.json
  $ thanos-gossip-migrate check --baseline .gossip-baseline.json --update-baseline   # adopt: record what is there
  $ thanos-gossip-migrate check --baseline .gossip-baseline.json                     # then fail only on new gossip
  $ thanos-gossip-migrate check --rule gossip-port=off --exclude 'legacy/**' --quiet
${EXIT_CODES}
`,
  wizard: `
Examples:
  $ thanos-gossip-migrate wizard deploy/
  $ thanos-gossip-migrate wizard --save-answers answers.json deploy/
  $ thanos-gossip-migrate wizard --answers answers.json deploy/     # replay; asks only what the file lacks
${EXIT_CODES}
`,
  apply: `
Examples:
  $ thanos-gossip-migrate migrate --plan-out plan.json deploy/
  $ thanos-gossip-migrate apply plan.json
${EXIT_CODES}
`,
} as const;
