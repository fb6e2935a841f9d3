// Values of --cluster.secret-key never reach a terminal or a log.

const SECRET_FLAG = /(--cluster\.secret-key(?:=|[ \t]+))("[^"]*"|'[^']*'|[^\s"'\\]+)/g;

export function maskSecrets(text: string): string {
  return text.replace(SECRET_FLAG, (_, flag: string) => `${flag}***`);
}
