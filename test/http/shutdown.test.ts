import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';

const STUCK_MS = 10_000;

t.test('a stop is not held by a connection that never sent a request (a browser preconnect)', async (t) => {
  const { app, url } = await startTestApp(t, await freshDatabase(t));
  const { port } = new URL(url);
  const preconnect = connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => preconnect.once('connect', resolve));
  const ended = new Promise((resolve) => preconnect.once('close', resolve));
  const closed = app.close().then(() => 'closed');
  t.equal(await Promise.race([closed, sleep(STUCK_MS, 'still open', { ref: false })]), 'closed');
  await ended;
});
