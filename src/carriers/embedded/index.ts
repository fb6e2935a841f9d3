// Command lines embedded in other files: Markdown fences, heredocs, Dockerfiles.

export { readMarkdownCarriers, markdownFences, fenceView } from './markdown.js';
export { readShellHeredocCarriers, readRubyHeredocCarriers } from './heredoc.js';
export { readDockerfileCarriers, parseExecArray, dockerInstructions } from './dockerfile.js';
export { gossipMentions, type EmbeddedProblem, type EmbeddedReadResult } from './common.js';
