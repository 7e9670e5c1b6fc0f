// A merchant's webhook endpoint on 127.0.0.1 that records what arrives and can fail on purpose.
import { createServer } from 'node:http';

/** `redirectTo` answers every request with a 307 to that URL, as a hijacked endpoint might. */
export async function startReceiver({ failFirst = 0, redirectTo } = {}) {
  const received = [];
  let failuresLeft = failFirst;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      received.push({ at: Date.now(), headers: req.headers, body, path: req.url });
      if (redirectTo) {
        res.writeHead(307, { Location: redirectTo });
        res.end();
        return;
      }
      const fail = failuresLeft > 0;
      if (fail) failuresLeft -= 1;
      res.writeHead(fail ? 500 : 200, { 'Content-Type': 'application/json' });
      res.end(fail ? '{"error":"try later"}' : '{"received":true}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/webhooks/tessera`,
    received,
    /** Waits until `count` requests arrived, or fails after `ms`. */
    async waitFor(count, ms = 20_000) {
      const until = Date.now() + ms;
      while (received.length < count) {
        if (Date.now() > until) throw new Error(`only ${received.length} of ${count} webhooks arrived`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return received.slice(0, count);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
