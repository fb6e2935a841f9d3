import { readFileSync } from 'node:fs';

/** The package's version, read from package.json (shipped beside dist/; dist/src/cli/ and the bundle's dist/bundle/cli/ are both three levels below it). */
export function toolVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
