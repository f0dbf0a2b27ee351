import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';

interface Operation {
  operationId: string;
  security?: unknown[];
}

t.test('every operation is guarded as documented: Bearer ones answer 401 without a key, the others never do', async (t) => {
  const database = await freshDatabase(t);
  const { app, url } = await startTestApp(t, database);
  const { paths } = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const hasBody = method !== 'get';
      const response = await fetch(url + path.replace(/\{[^}]+\}/g, 'ord_unknown'), {
        method: method.toUpperCase(),
        headers: hasBody ? { 'content-type': 'application/json' } : {},
        body: hasBody ? '{}' : undefined,
      });
      await response.arrayBuffer();
      const bearer = (operation.security ?? []).length > 0;
      t.equal(response.status === 401, bearer, `${operation.operationId}: ${bearer ? 'Bearer' : 'no key'} (got ${response.status})`);
    }
  }
});
