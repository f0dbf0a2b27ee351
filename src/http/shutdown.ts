import type { FastifyInstance } from 'fastify';

/**
 * On close, fastify drops the keep-alive connections that are idle at that moment; one busy with a request then stays
 * open after its answer until the keep-alive timeout (72 s). Closing idle connections again until the server is gone
 * ends a graceful stop as soon as the last request is answered.
 */
export function closeIdleConnectionsWhileClosing(app: FastifyInstance): void {
  app.addHook('preClose', async () => {
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100).unref();
    app.server.once('close', () => clearInterval(sweep));
  });
}
