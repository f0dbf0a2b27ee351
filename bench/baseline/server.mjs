// The classic sample-code verify step, written minimally as the benchmark's baseline: for every callback it
// asks i'mport for a fresh token, opens a new connection for each i'mport call, reads the order, compares the
// amount and updates the order — no token cache, no keep-alive, no row lock.
import http from 'node:http';
import pg from 'pg';
import { Client } from 'undici';

const { PORT = '0', DATABASE_URL, IAMPORT_API_URL, IMP_KEY, IMP_SECRET } = process.env;
const db = new pg.Pool({ connectionString: DATABASE_URL, max: 20 });

async function iamport(method, path, body, token) {
  const url = new URL(IAMPORT_API_URL + path);
  const client = new Client(url.origin); // a new connection per call, as in the samples
  try {
    const response = await client.request({
      method,
      path: url.pathname,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return (await response.body.json()).response;
  } finally {
    await client.close();
  }
}

async function complete({ imp_uid, merchant_uid }) {
  const { access_token } = await iamport('POST', '/users/getToken', { imp_key: IMP_KEY, imp_secret: IMP_SECRET });
  const payment = await iamport('GET', `/payments/${imp_uid}`, undefined, access_token);
  const { rows } = await db.query('SELECT amount FROM orders WHERE merchant_uid = $1', [merchant_uid]);
  if (!rows[0] || Number(rows[0].amount) !== payment.amount) return { status: 400, body: { status: 'forgery' } };
  await db.query("UPDATE orders SET status = 'paid', imp_uid = $2 WHERE merchant_uid = $1", [merchant_uid, imp_uid]);
  return { status: 200, body: { status: 'success' } };
}

const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk) => (raw += chunk));
  req.on('end', async () => {
    try {
      const { status, body } = await complete(JSON.parse(raw));
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    } catch {
      res.writeHead(500).end('{}');
    }
  });
});
server.listen(Number(PORT), '127.0.0.1', () => process.send?.({ port: server.address().port }));
