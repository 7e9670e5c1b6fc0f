// The API contract, checked by a fuzzer: schemathesis (from PyPI, in the project's own virtual
// environment) reads GET /openapi.json from the edge in workerd and throws generated requests
// at every operation — examples, boundary values, negative data and stateful sequences along
// the document's links (create a session, then read, update, confirm and cancel it) — as each
// kind of caller: a merchant's secret key, the operator, a signed-in dashboard user, a signed-in
// shopper. Zero server errors, zero answers that break the document, zero
// requests that should have been refused and were accepted; bounded in time.
import { test } from 'node:test';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { SECONDS, fuzz } from '../lib/schemathesis.mjs';

test('schemathesis with a merchant\'s secret key: every operation, stateful links, no server error, no answer outside the document, nothing accepted that should be refused', { timeout: (SECONDS + 120) * 1000 }, async () => {
  const edge = await bootEdge();
  try {
    const shop = await edge.merchant({ name: 'Fuzzed Shop' });
    await fuzz(edge, { name: 'secret-key', auth: { secretKey: shop.secret_key }, seconds: SECONDS });
  } finally {
    await edge.stop();
  }
});
