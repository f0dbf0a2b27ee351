import { readFile } from 'node:fs/promises';
import t from 'tap';
import { parse } from 'yaml';

const ROOT = new URL('../../', import.meta.url);

/** The variables README's Configuration table lists, e.g. `PORT`, `HOST` from "| `PORT`, `HOST` | ...". */
async function documentedSettings(): Promise<string[]> {
  const readme = await readFile(new URL('README.md', ROOT), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]!));
}

/** What compose makes of `${NAME:-default}` when NAME is not set. */
const withDefaults = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

t.test('docker-compose.yml passes every setting README lists to the service', async (t) => {
  const compose = parse(await readFile(new URL('docker-compose.yml', ROOT), 'utf8'));
  const environment = Object.keys(compose.services['payment-verifier'].environment);
  const settings = await documentedSettings();
  t.ok(settings.length >= 28, `README lists the settings (${settings.length})`);
  t.same(settings.filter((name) => !environment.includes(name)), [], 'none is dropped');
});

t.test('docker-compose.yml publishes the service on loopback unless asked otherwise', async (t) => {
  const compose = parse(await readFile(new URL('docker-compose.yml', ROOT), 'utf8'));
  for (const [name, service] of Object.entries<{ ports?: string[] }>(compose.services)) {
    for (const port of service.ports ?? []) t.match(withDefaults(port), /^127\.0\.0\.1:/, `${name}: ${port}`);
  }
});
