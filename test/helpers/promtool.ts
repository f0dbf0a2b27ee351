import { ensureDebianPackage } from './apt.js';

export const PROMTOOL = '/usr/bin/promtool';

/** Debian's promtool (package prometheus), installed on first use as the browser tests install chromium. */
export const ensurePromtool = (): Promise<void> => ensureDebianPackage(PROMTOOL, ['prometheus'], 'the alert tests');
