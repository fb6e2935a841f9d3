// Values of --cluster.secret-key never reach a terminal or a log.

// A trailing `:` is ours (`--flag=value: message`), not part of the value.
const SECRET_FLAG = /(--cluster\.secret-key(?:=|[ \t]+))("[^"]*"|'[^']*'|[^\s"'\\]*[^\s"'\\:])/g;

export function maskSecrets(text: string): string {
  return text.replace(SECRET_FLAG, (_, flag: string) => `${flag}***`);
}
