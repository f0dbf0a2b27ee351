import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const PROMTOOL = '/usr/bin/promtool';
const LOCK = path.join(os.tmpdir(), 'payment-verifier-promtool-install.lock');

/**
 * Debian's promtool (package prometheus), installed with apt-get on first use as the browser tests install chromium; a
 * machine without apt fails loudly, never skips. The package's service is not started (policy-rc.d says no).
 */
export async function ensurePromtool(): Promise<void> {
  while (!existsSync(PROMTOOL)) {
    try {
      mkdirSync(LOCK);
    } catch {
      await sleep(1000); // another test file is installing it
      continue;
    }
    try {
      // apt's progress goes to stderr: on stdout it would corrupt this file's TAP stream and hide its results
      const install =
        'printf "#!/bin/sh\\nexit 101\\n" > /usr/sbin/policy-rc.d.pv && chmod +x /usr/sbin/policy-rc.d.pv && ' +
        '([ -e /usr/sbin/policy-rc.d ] || ln -s /usr/sbin/policy-rc.d.pv /usr/sbin/policy-rc.d) && ' +
        'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; ' +
        'status=$?; [ "$(readlink /usr/sbin/policy-rc.d)" = /usr/sbin/policy-rc.d.pv ] && rm -f /usr/sbin/policy-rc.d; rm -f /usr/sbin/policy-rc.d.pv; exit $status';
      execFileSync('sh', ['-c', install], { stdio: ['ignore', 2, 2] });
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
    if (!existsSync(PROMTOOL)) throw new Error(`could not install promtool with apt-get (Debian package prometheus); ${PROMTOOL} is required for the alert tests`);
  }
}
