import { readFile } from 'node:fs/promises';
import t from 'tap';
import YAML from 'yaml';
import { SANDBOX_CREDENTIALS } from '../../src/config.js';
import { startTestApp, testConfig } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';
import { describeProblem, lint } from '../helpers/redocly.js';

const committed = async () => YAML.parse(await readFile(new URL('../../openapi.yaml', import.meta.url), 'utf8'));

const MODES = {
  'sandbox mode, simulator and demo shop mounted': { IAMPORT_SANDBOX: 'true', DEMO_PAGE: 'true' },
  'live mode, with CORS, an allow-list and pushed events': {
    IAMPORT_SANDBOX: 'false',
    IAMPORT_API_KEY: SANDBOX_CREDENTIALS.apiKey,
    IAMPORT_API_SECRET: SANDBOX_CREDENTIALS.apiSecret,
    CORS_ORIGINS: 'https://shop.example',
    IAMPORT_WEBHOOK_IPS: '127.0.0.1',
    EVENT_WEBHOOK_URL: 'http://127.0.0.1:9/events',
    EVENT_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  },
};

for (const [mode, env] of Object.entries(MODES)) {
  t.test(`${mode}: /openapi.json and the docs page serve exactly openapi.yaml (run \`npm run openapi\` when stale)`, async (t) => {
    const database = await freshDatabase(t);
    const config = testConfig(env);
    const { url } = await startTestApp(t, database, config, { sandbox: config.mode === 'sandbox' });
    const contract = await committed();
    t.same(await (await fetch(`${url}/openapi.json`)).json(), contract, '/openapi.json');
    t.same(await (await fetch(`${url}/docs/json`)).json(), contract, "the docs page's document");
    t.same(YAML.parse(await (await fetch(`${url}/docs/yaml`)).text()), contract, "the docs page's YAML");
  });
}

t.test("the simulator's routes have a document and docs page of their own, under its prefix, clean by Redocly's recommended rules", async (t) => {
  const database = await freshDatabase(t);
  const config = testConfig({ IAMPORT_SANDBOX: 'true', DEMO_PAGE: 'false' });
  const { url } = await startTestApp(t, database, config, { sandbox: true });

  const served = await fetch(`${url}/sandbox/iamport/openapi.json`);
  t.equal(served.status, 200);
  const document = (await served.json()) as { paths: Record<string, Record<string, { operationId: string }>> };
  const paths = Object.keys(document.paths);
  t.ok(paths.length >= 20 && paths.every((path) => path.startsWith('/sandbox/iamport/')), `${paths.length} simulator paths, all under its prefix`);
  t.notOk(paths.some((path) => path.includes('/docs')), 'its docs page is not among them');
  t.same((await lint(JSON.stringify(document), 'recommended')).map(describeProblem), []);
  t.same(await (await fetch(`${url}/sandbox/iamport/docs/json`)).json(), document, 'its docs page shows it');
  const page = await fetch(`${url}/sandbox/iamport/docs/`);
  t.equal(page.status, 200);
  t.match(await page.text(), /swagger/i);
});
