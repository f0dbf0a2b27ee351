import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Makes sure `binary` exists, installing Debian `packages` with apt-get on first use; test files running at once wait
 * for the one that installs. A machine without apt fails loudly, never skips. The packages' services are not started
 * (a policy-rc.d saying no, for the install only), and apt's output goes to stderr: on stdout it would corrupt the
 * calling file's TAP stream.
 */
export async function ensureDebianPackage(binary: string, packages: string[], why: string): Promise<void> {
  const lock = path.join(os.tmpdir(), `payment-verifier-${path.basename(binary)}-install.lock`);
  while (!existsSync(binary)) {
    try {
      mkdirSync(lock);
    } catch {
      await sleep(1000); // another test file is installing it
      continue;
    }
    try {
      execFileSync('sh', ['-c', INSTALL, 'install', ...packages], { stdio: ['ignore', 2, 2] });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    if (!existsSync(binary)) throw new Error(`could not install ${packages.join(' ')} with apt-get; ${binary} is required for ${why}`);
  }
}

const INSTALL = `
set -e
own=""
if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; own=yes; fi
status=0
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" || status=$?
[ -n "$own" ] && rm -f /usr/sbin/policy-rc.d
exit $status
`;
