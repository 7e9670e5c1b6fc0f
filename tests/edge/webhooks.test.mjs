// Webhooks from the edge in workerd to a merchant endpoint, checked with Stripe's own
// signature verification (the `stripe` npm package), including retries with backoff.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, card, confirm, createSession } from '../lib/checkout.mjs';
import { startReceiver } from '../lib/webhook-receiver.mjs';

const stripe = new Stripe('sk_test_unused');
let edge;

before(async () => { edge = await bootEdge(); });
after(() => edge?.stop());

test('payment.succeeded and payment.failed arrive signed, and verify with Stripe\'s algorithm', async () => {
  const receiver = await startReceiver();
  try {
    const shop = await edge.merchant({ webhook_url: receiver.url });
    const s = await createSession(edge.url, shop.secret_key, { amount: 5000, currency: 'GBP' });
    const declined = await confirm(edge.url, s, { card: card('4000000000000002') });
    assert.equal(declined.status, 402);
    const paid = await confirm(edge.url, s, { card: card('4242424242424242') });
    assert.equal(paid.status, 200);

    const deliveries = await receiver.waitFor(2);
    const events = deliveries.map((d) => {
      assert.equal(d.headers['content-type'], 'application/json');
      // Throws unless the signature is valid for this body, secret and a recent timestamp.
      return stripe.webhooks.constructEvent(d.body, d.headers['tessera-signature'], shop.webhook_secret);
    });
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    assert.equal(byType['payment.failed'].data.object.decline_code, 'generic_decline');
    assert.equal(byType['payment.succeeded'].data.object.id, paid.json.id);
    assert.equal(byType['payment.succeeded'].data.object.amount, 5000);
    assert.match(byType['payment.succeeded'].data.object.card.token, /^tok_/);
    assert.ok(!deliveries.some((d) => d.body.includes('4242424242424242')), 'no PAN in a webhook');

    assert.throws(() => stripe.webhooks.constructEvent(deliveries[0].body, deliveries[0].headers['tessera-signature'], 'whsec_wrong'));
    assert.throws(() => stripe.webhooks.constructEvent(deliveries[0].body.replace('5000', '1'), deliveries[0].headers['tessera-signature'], shop.webhook_secret));
  } finally {
    await receiver.close();
  }
});

test('a failing endpoint is retried with growing delays until it answers 2xx', async () => {
  const receiver = await startReceiver({ failFirst: 2 });
  try {
    const shop = await edge.merchant({ webhook_url: receiver.url });
    const s = await createSession(edge.url, shop.secret_key);
    assert.equal((await confirm(edge.url, s, { card: card('4242424242424242') })).status, 200);
    const [a, b, c] = await receiver.waitFor(3, 30_000);
    const ids = [a, b, c].map((d) => d.headers['tessera-event-id']);
    assert.equal(new Set(ids).size, 1, 'the same event each time');
    // Base 1 s, doubling: at least ~1 s then ~2 s apart (alarms may fire a little late, never early).
    assert.ok(b.at - a.at >= 900, `first retry after ${b.at - a.at} ms`);
    assert.ok(c.at - b.at >= 1900, `second retry after ${c.at - b.at} ms`);
    for (const d of [a, b, c]) stripe.webhooks.constructEvent(d.body, d.headers['tessera-signature'], shop.webhook_secret);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(receiver.received.length, 3, 'no delivery after the endpoint accepted one');
  } finally {
    await receiver.close();
  }
});

test('a redirecting endpoint is a failed delivery: signed events are never sent on elsewhere', async () => {
  const elsewhere = await startReceiver();
  const redirecting = await startReceiver({ redirectTo: elsewhere.url });
  try {
    const shop = await edge.merchant({ webhook_url: redirecting.url });
    const s = await createSession(edge.url, shop.secret_key);
    assert.equal((await confirm(edge.url, s, { card: card('4242424242424242') })).status, 200);
    await redirecting.waitFor(2);
    assert.equal(elsewhere.received.length, 0, 'the redirect was not followed');
  } finally {
    await redirecting.close();
    await elsewhere.close();
  }
});

test('merchant webhook URLs must be absolute http(s) URLs', async () => {
  for (const url of ['ftp://x.example/hook', 'not a url', '/relative']) {
    const r = await api(edge.url, '/v1/merchants', { method: 'POST', key: edge.secrets.ADMIN_TOKEN, body: { name: 'x', webhook_url: url } });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'invalid_webhook_url');
  }
});
