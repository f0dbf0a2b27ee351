import t from 'tap';
import { z } from 'zod';
import { errorSchema } from '../../src/http/errors.js';
import { openapiDocument } from '../../src/openapi/document.js';
import { describeProblem, lint } from '../helpers/redocly.js';

t.test("the OpenAPI document passes redocly.yaml's rules (recommended and stricter) with no error and no warning", async (t) => {
  const problems = await lint(await openapiDocument());
  t.same(problems.map(describeProblem), []);
});

t.test('a route added without an operationId, summary, security, tag or example fails the lint', async (t) => {
  const document = await openapiDocument((app) => {
    app.get('/console/undocumented', { schema: { response: { 200: z.object({ count: z.number() }) } } }, async () => ({ count: 1 }));
    app.post('/console/schemaless', async () => ({ done: true }));
  });
  const problems = await lint(document);
  for (const path of ['/console/undocumented', '/console/schemaless']) {
    const own = problems.filter((problem) => problem.location[0]?.pointer.includes(path.replaceAll('/', '~1')));
    for (const rule of ['operation-operationId', 'operation-summary', 'security-defined', 'rule/operation-tags', 'contract/operation-example']) {
      t.ok(own.some((problem) => problem.ruleId === rule && problem.severity === 'error'), `${rule} reports ${path} as an error`);
    }
  }
});

t.test('a route that answers `default` instead of listing its statuses fails the lint', async (t) => {
  const document = await openapiDocument((app) => {
    const body = z.object({ count: z.number() }).meta({ examples: [{ count: 1 }] });
    const schema = { tags: ['console'], operationId: 'countThings', summary: 'a count', security: [], response: { 200: body, default: errorSchema } };
    app.get('/console/defaulted', { schema }, async () => ({ count: 1 }));
  });
  const problems = await lint(document);
  t.same(
    problems.map((problem) => `${problem.ruleId} ${problem.location[0]?.pointer}`),
    ['contract/no-default-response #/paths/~1console~1defaulted/get/responses/default'],
  );
});
