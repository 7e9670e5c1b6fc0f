// `npm start`: build everything, then run the edge (in workerd) and the demo store on two
// localhost ports, so the card frame is really cross-origin. Runs until Ctrl-C.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStore } from '../www/store/server.mjs';
import { build, buildDir } from './build.mjs';
import { banner, runEdge, STORE_PORT } from './edge.mjs';

await build();
const running = await runEdge({ quiet: true });
// Browsers reach the edge as localhost: passkeys need a domain for their RP ID, not an IP.
const edgeUrl = running.edge.url.replace('127.0.0.1', 'localhost');
const store = await startStore({
  port: STORE_PORT,
  edgeUrl,
  merchant: running.merchant,
  // Shoppers may pay with a Tessera account and save their card to it.
  accounts: true,
  log: (line) => console.log(`[store] ${line}`),
});
const sri = readFileSync(join(buildDir, 'www', 'v1', 'tessera.js.sri'), 'utf8').trim();
console.log(banner(running));
console.log(`Demo store:  ${store.url}  ← open this, add something to the cart and pay with 4242 4242 4242 4242
  The first payment from a browser asks for a one-time code: find it in the development outbox,
  ${edgeUrl}/dev/outbox — then the frame offers to save a passkey for next time.

Merchant script tag:
  <script src="${edgeUrl}/v1/tessera.js" integrity="${sri}" crossorigin="anonymous"></script>

Press Ctrl-C to stop.`);
const stop = async () => {
  await store.close();
  await running.edge.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
