import t from 'tap';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helpers/app.js';
import { watchContract } from '../helpers/contract-hook.js';
import { freshDatabase } from '../helpers/database.js';

t.test('an answer that drifts from openapi.yaml is reported, whoever asked; one that keeps to it is not', async (t) => {
  const database = await freshDatabase(t);
  const app = await buildApp({ config: testConfig(), database });
  t.teardown(() => app.close());
  // drifts, as a route changed without its contract would: an unlisted status, an undocumented header, another body
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/healthz?drift=status') return reply.status(418).send({ error: 'teapot', message: 'short and stout' });
    if (request.url === '/healthz?drift=header') reply.header('x-secret-sauce', '1');
  });
  app.addHook('onSend', async (request, _reply, payload) => (request.url === '/healthz?drift=body' ? '{"ok":"yes"}' : payload));
  const problems: string[] = [];
  watchContract(app, (problem) => problems.push(problem));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });

  for (const query of ['', '?drift=status', '?drift=header', '?drift=body']) await (await fetch(`${url}/healthz${query}`)).arrayBuffer();
  await (await fetch(`${url}/no/such/route`)).arrayBuffer();
  t.equal(problems.length, 4, problems.join('\n'));
  t.match(problems, [
    'GET /healthz answered 418: status 418 is not documented',
    'GET /healthz answered 200: header x-secret-sauce is sent but not documented',
    /^GET \/healthz answered 200: body\/ok must be boolean/,
    /^GET \/healthz answered 200: body\/ok must be equal to one of the allowed values/,
  ]);
  t.notOk(problems.some((problem) => problem.includes('/no/such/route')), "an unknown route's 404 is the error shape");
});
