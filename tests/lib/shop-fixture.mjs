// The whole system for browser tests: an edge in workerd, the demo store wired to it as a
// merchant (allowed origin, webhook endpoint), and Debian's Chromium.
import { startStore } from '../../www/store/server.mjs';
import { bootEdge } from './edge-fixture.mjs';
import { launch } from './browser.mjs';

/**
 * Starts edge, store and browser. `riskRules` as for `bootEdge`; `viaLocalhost` makes browsers
 * reach the edge as localhost, which WebAuthn needs (an RP ID is a domain, not an IP address).
 */
export async function bootShop({ riskRules, viaLocalhost = false } = {}) {
  const edge = await bootEdge({ riskRules });
  const edgeUrl = viaLocalhost ? edge.url.replace('127.0.0.1', 'localhost') : edge.url;
  const merchant = {};
  const store = await startStore({ edgeUrl, merchant });
  Object.assign(merchant, await edge.merchant({ name: 'Demo Store', allowed_origins: [store.url], webhook_url: `${store.url}/webhooks/tessera` }));
  const browser = await launch();
  return {
    edge,
    store,
    browser,
    merchant,
    async stop() {
      await browser.close();
      await store.close();
      await edge.stop();
    },
  };
}
