import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: string;
  body: string;
}

/**
 * One request written byte for byte (a request line no URL class would let through, e.g. `/webhooks/%69amport` or
 * the absolute form), answered on a connection closed after it.
 */
export function rawRequest(baseUrl: string, requestLine: string, body = '', headers: Record<string, string> = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const head = Object.entries({ host: 'payments.test', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), connection: 'close', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname.replace(/^\[|\]$/g, ''), () => socket.write(`${requestLine}\r\n${head}\r\n${body}`));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [top = '', rest = ''] = text.split('\r\n\r\n', 2);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(top)?.[1] ?? 0), headers: top, body: rest });
    });
  });
}
