import t from 'tap';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { call, tokenOf } from './http.js';

t.test("an API the sandbox does not implement answers in i'mport's envelope and says so", async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const token = await tokenOf(sandbox);
  for (const [method, path] of [
    ['GET', '/certifications/imp_123412341234'],
    ['POST', '/subscribe/payments/again'],
    ['PUT', '/vbanks/imp_123412341234'],
    ['DELETE', '/payments/prepare'],
  ] as const) {
    const answer = await call(sandbox.url, method, path, { token });
    t.same(answer, { status: 404, body: { code: -1, message: `i'mport sandbox does not support ${method} ${path} (샌드박스가 지원하지 않는 API입니다).`, response: null } });
  }
});
