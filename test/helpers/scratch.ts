import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';

/** A fresh directory (mode 0700, as mktemp -d makes it), removed when the test ends. */
export async function scratch(t: Test): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pv-startup-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
