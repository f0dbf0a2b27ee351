import { readFile } from 'node:fs/promises';
import semver from 'semver';
import t from 'tap';

const read = async (file: string) => JSON.parse(await readFile(new URL(`../../${file}`, import.meta.url), 'utf8'));

t.test("every locked package accepts the oldest Node that package.json's engines allow (npm ci warns EBADENGINE otherwise)", async (t) => {
  const { engines } = await read('package.json');
  const oldest = semver.minVersion(engines.node)!;
  const lock = await read('package-lock.json');
  const refusing = Object.entries(lock.packages as Record<string, { version?: string; engines?: { node?: string } }>)
    .filter(([, entry]) => typeof entry.engines?.node === 'string' && !semver.satisfies(oldest, entry.engines.node))
    .map(([where, entry]) => `${where.replace(/^node_modules\//, '')}@${entry.version} wants node ${entry.engines!.node}`);
  t.same(refusing, [], `packages that refuse node ${oldest}`);
});
