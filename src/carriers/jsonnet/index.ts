// Jsonnet carriers: argv arrays and Prometheus-Operator `thanos.peers` fields,
// found by a tokenizer that evaluates nothing.

export { readJsonnetCarriers, type JsonnetReadResult, type JsonnetThanosPeers } from './read.js';
export { isBalanced, tokenizeJsonnet, JsonnetSyntaxError } from './tokenize.js';
export { type JsonnetLeftovers, type JsonnetMonitor, type JsonnetPort, type JsonnetService } from './leftovers.js';
