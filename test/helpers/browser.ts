import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type BrowserContext } from 'playwright-core';
import type { Test } from 'tap';

export const CHROMIUM = '/usr/bin/chromium';
/** the flags this closed network needs */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];
const LOCK = path.join(os.tmpdir(), 'payment-verifier-chromium-install.lock');

/** Debian's chromium, installed with apt-get on first use; a machine without apt fails loudly, never skips. */
export async function ensureChromium(): Promise<void> {
  while (!existsSync(CHROMIUM)) {
    try {
      mkdirSync(LOCK);
    } catch {
      await sleep(1000); // another test file is installing it
      continue;
    }
    try {
      // apt's progress goes to stderr: on stdout it would corrupt this file's TAP stream and hide its results
      const install = 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk';
      execFileSync('sh', ['-c', install], { stdio: ['ignore', 2, 2] });
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
    if (!existsSync(CHROMIUM)) throw new Error(`could not install chromium with apt-get; ${CHROMIUM} is required for the E2E tests`);
  }
}

/** Headless chromium with a fresh user-data-dir and the flags this closed network needs. */
export async function launchBrowser(t: Test): Promise<BrowserContext> {
  await ensureChromium();
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'pv-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  t.teardown(async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });
  return context;
}
