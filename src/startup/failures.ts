import { ConfigError } from '../config.js';
import { redactDatabaseUrl } from '../db/connect.js';

/** A start-up failure said in one line that names the setting to fix and how. */
export class StartupError extends Error {}

type Explain = (error: unknown) => string;

const codeOf = (error: unknown) => String((error as { code?: unknown } | undefined)?.code ?? '');

/** Any error's message on one line, without a stack. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error ?? '');
  return message.split('\n').map((line) => line.trim()).filter(Boolean).join(' ').slice(0, 500) || 'unknown error';
}

/** Runs one start-up step; a failure becomes a StartupError worded by `explain`. */
export async function startupStep<T>(explain: Explain, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof StartupError ? error : new StartupError(explain(error));
  }
}

export function explainDatabaseUrl(url: string): Explain {
  const where = `DATABASE_URL ${redactDatabaseUrl(url)}`;
  return (error) => {
    const code = codeOf(error);
    if (code === 'ECONNREFUSED') return `${where}: connection refused; start PostgreSQL there, or fix the host and port`;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${where}: the host is not found; fix the host name`;
    if (code === '28P01' || code === '28000') return `${where}: PostgreSQL refused the user or password; fix them`;
    if (code === '3D000') return `${where}: the database does not exist; create it, or fix its name`;
    if (code === 'ETIMEDOUT' || /timeout/i.test(oneLine(error))) return `${where}: no answer in time; check the host, port and firewall`;
    return `${where}: ${oneLine(error)}`;
  };
}

export function explainDataDir(dataDir: string): Explain {
  const mustBe = 'DATA_DIR must be a directory this user can write';
  return (error) => {
    const code = codeOf(error);
    // the embedded PostgreSQL says these in words of its own ("could not create lock file ...: Read-only file system")
    if (code === 'EROFS' || /read-only file system/i.test(oneLine(error))) return `DATA_DIR ${dataDir}: on a read-only file system; ${mustBe}`;
    if (code === 'EACCES' || code === 'EPERM' || /permission denied/i.test(oneLine(error))) return `DATA_DIR ${dataDir}: permission denied; ${mustBe}`;
    if (code === 'ENOTDIR' || code === 'EEXIST') return `DATA_DIR ${dataDir}: a file is in the way; point it at a directory`;
    if (code === 'ENOSPC') return `DATA_DIR ${dataDir}: no space left on the device`;
    return `DATA_DIR ${dataDir}: ${oneLine(error)}`;
  };
}

export function explainListen(host: string, port: number): Explain {
  return (error) => {
    const code = codeOf(error);
    if (code === 'EADDRINUSE') return `PORT ${port} on HOST ${host} is already in use; stop what listens there, or choose another PORT`;
    if (code === 'EACCES') return `PORT ${port} on HOST ${host}: permission denied (ports below 1024 need privileges); choose a PORT above 1023`;
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `HOST ${host} is not an address of this machine; use 127.0.0.1, 0.0.0.0 or one of its addresses`;
    return `listening on HOST ${host} PORT ${port} failed: ${oneLine(error)}`;
  };
}

/** Any start-up failure is one line on stderr, never a stack: bad settings exit 2, anything else 1. */
export function failToStart(program: string, error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const line = error instanceof StartupError ? error.message : oneLine(error);
  process.stderr.write(`${program} could not start: ${line}\n`);
  process.exit(1);
}
