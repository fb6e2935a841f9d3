// Command lines embedded in other files: Markdown fences, heredocs, Dockerfiles.

export { readMarkdownCarriers, markdownFences } from './markdown.js';
export { blockView } from './yaml-block.js';
export { readShellHeredocCarriers, readRubyHeredocCarriers } from './heredoc.js';
export { readDockerfileCarriers, parseExecArray, dockerInstructions } from './dockerfile.js';
export { gossipMentions, type DocumentationBlock, type EmbeddedProblem, type EmbeddedReadResult } from './common.js';
