// Secrets never reach a terminal, a log or a report unless --show-secrets:
// the value of --cluster.secret-key (the gossip AES key), credentials in
// object-store configs and env files, and the data of Kubernetes Secrets.

// A trailing `:` is ours (`--flag=value: message`), not part of the value.
const SECRET_FLAG = /(--cluster\.secret-key(?:=|[ \t]+))("[^"]*"|'[^']*'|[^\s"'\\]*[^\s"'\\:])/g;
// `secret_key: x`, `S3_SECRET_KEY=x`, `password = x`, `"access_key": "x"`.
const CREDENTIAL = /(\b[\w-]*(?:secret|password|passwd|access[_-]?key|token|api[_-]?key)[\w-]*"?\s*[:=]\s*)("[^"\n]*"|'[^'\n]*'|[^\s"',}\]]+)/gi;

export function maskSecrets(text: string): string {
  return maskSecretDocuments(text.replace(SECRET_FLAG, (_, flag: string) => `${flag}***`).replace(CREDENTIAL, maskCredential));
}

function maskCredential(whole: string, key: string, value: string): string {
  // Our own masks and references to variables are not secrets.
  if (value.startsWith('***') || /^\$\{?\w+\}?$/.test(value)) return whole;
  return `${key}***`;
}

/** In `kind: Secret` documents, every value under `data:` / `stringData:` becomes `***`. */
function maskSecretDocuments(text: string): string {
  if (!/^kind:\s*["']?Secret\b/m.test(text)) return text;
  const lines = text.split('\n');
  let inSecret = false;
  let dataIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^---/.test(line)) {
      inSecret = false;
      dataIndent = -1;
      continue;
    }
    if (/^kind:\s*["']?Secret\b/.test(line)) inSecret = true;
    const indent = line.length - line.trimStart().length;
    if (dataIndent >= 0 && line.trim() !== '' && indent <= dataIndent) dataIndent = -1;
    if (inSecret && dataIndent >= 0 && line.trim() !== '') {
      const entry = /^(\s*[^:\s][^:]*:)(\s*)(.*)$/.exec(line);
      lines[i] = entry && indent === dataIndent + 2 ? `${entry[1]}${entry[3] === '' ? '' : ' ***'}` : `${' '.repeat(indent)}***`;
      continue;
    }
    const key = /^(\s*)(data|stringData):\s*$/.exec(line);
    if (key) dataIndent = key[1]!.length;
  }
  return lines.join('\n');
}
