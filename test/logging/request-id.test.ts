import { Writable } from 'node:stream';
import pino from 'pino';
import t from 'tap';
import { loggerOptions } from '../../src/http/logging.js';
import { startTestApp } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { sandboxConfig } from '../helpers/service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

t.test('a client\'s X-Request-Id is used only in the form [A-Za-z0-9._-]{1,64}; otherwise a new one is made', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const { url } = await startTestApp(t, database, sandboxConfig(sandbox, { LOG_LEVEL: 'info' }), { logger: pino(loggerOptions('info'), sink) });
  const answeredId = async (id: string) => (await fetch(`${url}/healthz`, { headers: { 'x-request-id': id } })).headers.get('x-request-id');

  for (const safe of ['req-42', 'a.B_c-9', 'x'.repeat(64)]) t.equal(await answeredId(safe), safe, `${safe} is kept`);
  for (const unsafe of ['x'.repeat(65), 'a b', '<script>alert(1)</script>', '{"level":60,"msg":"forged"}', 'ok\tthen', 'ünïcode']) {
    const answered = await answeredId(unsafe);
    t.match(answered, UUID, `${JSON.stringify(unsafe)} is replaced`);
    t.notOk(lines.join('').includes(JSON.stringify(unsafe).slice(1, -1)), 'and never logged');
  }
});
