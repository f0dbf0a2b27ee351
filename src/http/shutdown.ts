import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * On close, fastify drops the keep-alive connections that are idle at that moment; one busy with a request then stays
 * open after its answer until the keep-alive timeout (72 s). Closing idle connections again until the server is gone
 * ends a graceful stop as soon as the last request is answered. Node counts a connection that has not sent a request
 * yet (browsers open them ahead of time) as neither idle nor busy, so those are closed by hand: nothing of theirs has
 * reached the service.
 */
export function closeIdleConnectionsWhileClosing(app: FastifyInstance): void {
  const unused = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  app.server.on('request', (request: { socket: Socket }) => unused.delete(request.socket));
  app.addHook('preClose', async () => {
    const sweep = setInterval(() => {
      app.server.closeIdleConnections();
      for (const socket of unused) if (socket.bytesRead === 0) socket.destroy();
    }, 100).unref();
    app.server.once('close', () => clearInterval(sweep));
  });
}
