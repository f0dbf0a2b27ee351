import type { FastifyInstance } from 'fastify';

/**
 * Runs `job` again `intervalMs` after each run ends (never overlapping itself), from onReady until onClose, which
 * waits for a run in progress. Every instance runs its jobs; the jobs' own row claims keep them from colliding.
 */
export function registerRepeatingJob(app: FastifyInstance, name: string, intervalMs: number, job: () => Promise<unknown>): void {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = job()
      .catch((error) => app.log.warn({ err: error, job: name }, 'background job failed'))
      .finally(() => {
        if (!closed) timer = setTimeout(tick, intervalMs);
      });
  };
  app.addHook('onReady', async () => {
    timer = setTimeout(tick, intervalMs);
  });
  app.addHook('onClose', async () => {
    closed = true;
    clearTimeout(timer);
    await running;
  });
}
