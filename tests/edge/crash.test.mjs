// Crash safety. workerd is killed (SIGKILL of its process group) at five points of a payment's
// life, chosen exactly by the development build's fault hook (FAULT_AT), and started again on the
// same D1 database and Durable Object storage. Then only the scheduled sweep runs (no client
// retries, unless a test says so), and each payment and refund must reach the state the
// processor's ledger says is true: nothing charged twice, nothing charged without a payment that
// says so, no webhook lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, card, confirm, createSession, newDevice } from '../lib/checkout.mjs';
import { startReceiver } from '../lib/webhook-receiver.mjs';

const stripe = new Stripe('sk_test_unused');

/** Asks `check` every 200 ms until it returns without throwing; its last failure after `ms`. */
async function eventually(check, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > until) throw e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** An edge armed to stop at `point`, a shop whose webhooks go to a receiver, and cleanup. */
async function armed(point, run) {
  const receiver = await startReceiver();
  const edge = await bootEdge({ vars: { SYNC_AFTER_SECONDS: '1', IDEMPOTENCY_LEASE_SECONDS: '2', CONFIRM_LEASE_SECONDS: '2', FAULT_AT: point } });
  try {
    const shop = await edge.merchant({ name: `Crash at ${point}`, webhook_url: receiver.url });
    await run({ edge, shop, receiver });
  } finally {
    await edge.stop();
    await receiver.close();
  }
}

/**
 * Starts `requests`, waits until the edge says it stopped at `point` `times` times (once per
 * request, or once for work of its own), then kills workerd and starts it again disarmed. Every
 * request must have gone unanswered, as a crash leaves them.
 */
async function crashAt(edge, point, requests, { times = Math.max(requests.length, 1), stopped = () => {} } = {}) {
  const pending = requests.map((r) => r.then((answer) => ({ answer }), (error) => ({ error })));
  const stops = () => edge.logs().split(`fault: stopped at ${point}`).length - 1;
  await eventually(() => assert.equal(stops(), times, `stopped at ${point}`), 30_000);
  stopped();
  await edge.crashAndRestart({ FAULT_AT: '' });
  for (const outcome of await Promise.all(pending)) {
    assert.ok(outcome.error, `a request was answered although the edge died first: ${JSON.stringify(outcome.answer?.json)}`);
  }
}

const scheduled = (edge) => fetch(`${edge.url}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`);

/** Runs the sweep every second until `settled()` holds (it may throw until then). */
async function sweepUntil(edge, settled, rounds = 20) {
  let last;
  for (let round = 0; round < rounds; round++) {
    assert.equal((await scheduled(edge)).status, 200);
    await new Promise((r) => setTimeout(r, 1000));
    try {
      return await settled();
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

const ledger = async (edge) => (await api(edge.url, '/dev/sandbox/ledger')).json;
const chargesOf = (l, paymentId) => l.charges.filter((c) => c.idempotency_key === paymentId);
const payments = async (edge, shop) => (await api(edge.url, '/v1/payments?limit=100', { key: shop.secret_key })).json.data;
const payment = async (edge, shop, id) => (await api(edge.url, `/v1/payments/${id}`, { key: shop.secret_key })).json;
const session = async (edge, shop, id) => (await api(edge.url, `/v1/checkout_sessions/${id}`, { key: shop.secret_key })).json;

/** The events the receiver got, verified with Stripe's algorithm, by event id. */
function received(receiver, shop) {
  const byId = new Map();
  for (const d of receiver.received) {
    const event = stripe.webhooks.constructEvent(d.body, d.headers['tessera-signature'], shop.webhook_secret);
    assert.equal(d.headers['tessera-event-id'], event.id);
    const seen = byId.get(event.id);
    if (seen) assert.equal(d.body, seen.body, `${event.id} came again with another body`);
    byId.set(event.id, { event, body: d.body, times: (seen?.times ?? 0) + 1 });
  }
  return byId;
}

/** Every event of the shop reached the receiver, and each delivery says delivered. */
async function noWebhookLost(edge, shop, receiver) {
  const events = (await api(edge.url, '/v1/events?limit=100', { key: shop.secret_key })).json.data;
  const got = received(receiver, shop);
  for (const e of events) {
    assert.ok(got.has(e.id), `${e.type} ${e.id} never reached the endpoint`);
    const deliveries = (await api(edge.url, `/v1/events/${e.id}/deliveries`, { key: shop.secret_key })).json.data;
    assert.deepEqual(deliveries.map((d) => d.status), ['delivered'], `${e.type} ${e.id}`);
  }
  return { events, got };
}

const typesFor = (got, objectId) => [...got.values()].filter((g) => g.event.data.object.id === objectId).map((g) => g.event.type).sort();

test('killed after the payment is recorded and before the processor is asked: nothing is charged; the sweep fails it, the shopper pays again once; a retrying shopper is charged once', { timeout: 180_000 }, async () => {
  await armed('payment_recorded', async ({ edge, shop, receiver }) => {
    const swept = await createSession(edge.url, shop.secret_key, { amount: 2500, currency: 'EUR' });
    const retried = await createSession(edge.url, shop.secret_key, { amount: 3100, currency: 'EUR' });
    const device = await newDevice();
    await crashAt(edge, 'payment_recorded', [
      confirm(edge.url, swept, { card: card('4242424242424242') }),
      confirm(edge.url, retried, { card: card('5555555555554444'), device }),
    ]);

    const inFlight = await payments(edge, shop);
    assert.deepEqual(inFlight.map((p) => p.status), ['processing', 'processing'], 'both recorded, neither answered');
    assert.equal((await ledger(edge)).charges.length, 0, 'the processor never heard of them');

    // The second shopper's frame tries again with its device key: refused while the dead
    // confirm's lease on the session lasts, then the payment in flight is asked for, once.
    const again = await eventually(async () => {
      const r = await confirm(edge.url, retried, { card: card('5555555555554444'), device });
      assert.notEqual(r.status, 409, r.text);
      return r;
    }, 10_000);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.status, 'succeeded');
    assert.equal(again.json.id, inFlight.find((p) => p.amount === 3100).id, 'the same payment, not a new one');

    // Nobody retries the first: the sweep learns the processor never got it and fails it.
    const first = inFlight.find((p) => p.amount === 2500);
    const failed = await sweepUntil(edge, async () => {
      const p = await payment(edge, shop, first.id);
      assert.equal(p.status, 'failed');
      return p;
    });
    assert.equal(failed.decline_code, 'processing_error');
    assert.equal((await session(edge, shop, swept.id)).status, 'open', 'the shopper can pay again');
    const paid = await confirm(edge.url, swept, { card: card('4242424242424242') });
    assert.equal(paid.status, 200, paid.text);

    const l = await ledger(edge);
    assert.equal(chargesOf(l, first.id).length, 0, 'the failed payment was never charged');
    assert.equal(chargesOf(l, paid.json.id).length, 1);
    assert.equal(chargesOf(l, again.json.id).length, 1);
    assert.equal(l.charges.length, 2, 'two sessions, two charges');
    assert.equal(l.charges.reduce((n, c) => n + c.captured, 0), 2500 + 3100);

    await receiver.waitFor(3);
    const { got } = await eventually(() => noWebhookLost(edge, shop, receiver), 20_000);
    assert.deepEqual(typesFor(got, first.id), ['payment.failed']);
    assert.deepEqual(typesFor(got, paid.json.id), ['payment.succeeded']);
    assert.deepEqual(typesFor(got, again.json.id), ['payment.succeeded']);
  });
});

test('killed after the processor approved and before the answer is recorded: the sweep finds the charge and the payment succeeds, charged once', { timeout: 180_000 }, async () => {
  await armed('processor_answered', async ({ edge, shop, receiver }) => {
    const s = await createSession(edge.url, shop.secret_key, { amount: 4200, currency: 'EUR' });
    await crashAt(edge, 'processor_answered', [confirm(edge.url, s, { card: card('4242424242424242') })]);

    const [p] = await payments(edge, shop);
    assert.equal(p.status, 'processing', 'Tessera has not heard the answer');
    assert.equal(chargesOf(await ledger(edge), p.id).length, 1, 'the processor charged the card');

    const done = await sweepUntil(edge, async () => {
      const now = await payment(edge, shop, p.id);
      assert.equal(now.status, 'succeeded');
      return now;
    });
    assert.equal(done.amount_captured, 4200);
    assert.equal((await session(edge, shop, s.id)).status, 'succeeded');
    const [charge, ...more] = chargesOf(await ledger(edge), p.id);
    assert.equal(more.length, 0, 'one charge');
    assert.equal(charge.requests, 1, 'the sweep asked what happened; it did not authorise again');
    assert.equal(charge.reference, done.processor_reference);

    // A shopper who confirms again now is told it is paid, and nothing is charged.
    const late = await confirm(edge.url, s, { card: card('4242424242424242') });
    assert.notEqual(late.status, 200);
    assert.equal(chargesOf(await ledger(edge), p.id).length, 1);

    await receiver.waitFor(1);
    const { got } = await eventually(() => noWebhookLost(edge, shop, receiver), 20_000);
    assert.deepEqual(typesFor(got, p.id), ['payment.succeeded']);
  });
});

test('killed while a webhook is delivered (the endpoint has it, the attempt is not recorded): it is delivered again, the same event, signed, and then marked delivered', { timeout: 180_000 }, async () => {
  await armed('webhook_sent', async ({ edge, shop, receiver }) => {
    const s = await createSession(edge.url, shop.secret_key, { amount: 990, currency: 'EUR' });
    const paid = await confirm(edge.url, s, { card: card('4242424242424242') });
    assert.equal(paid.status, 200, paid.text);
    // The confirm answered; its event's delivery is what stops.
    let before;
    await crashAt(edge, 'webhook_sent', [], { stopped: () => { before = receiver.received.length; } });
    assert.equal(before, 1, 'the endpoint got the event before the crash');

    await sweepUntil(edge, () => noWebhookLost(edge, shop, receiver));
    const got = received(receiver, shop);
    const [only] = [...got.values()];
    assert.equal(got.size, 1, 'one event');
    assert.equal(only.event.type, 'payment.succeeded');
    assert.equal(only.event.data.object.id, paid.json.id);
    assert.ok(only.times >= 2, 'sent again after the crash (at least once: the merchant deduplicates by event id)');
    assert.equal((await payment(edge, shop, paid.json.id)).status, 'succeeded');
    assert.equal(chargesOf(await ledger(edge), paid.json.id).length, 1);
  });
});

test('killed after a refund is recorded and before the processor is asked: the sweep sends it; the merchant\'s retry under the same key gets that refund, not a second', { timeout: 180_000 }, async () => {
  await armed('refund_recorded', async ({ edge, shop, receiver }) => {
    const s = await createSession(edge.url, shop.secret_key, { amount: 4000, currency: 'EUR' });
    const paid = await confirm(edge.url, s, { card: card('4242424242424242') });
    assert.equal(paid.status, 200, paid.text);
    const ask = () => api(edge.url, '/v1/refunds', { method: 'POST', key: shop.secret_key, body: { payment: paid.json.id, amount: 1500 }, headers: { 'Idempotency-Key': 'refund-order-1' } });
    await crashAt(edge, 'refund_recorded', [ask()]);

    const listed = (await api(edge.url, `/v1/refunds?payment=${paid.json.id}`, { key: shop.secret_key })).json.data;
    assert.deepEqual(listed.map((r) => [r.status, r.amount]), [['pending', 1500]]);
    assert.equal((await ledger(edge)).operations.length, 0, 'the processor has not heard of it');

    const settled = await sweepUntil(edge, async () => {
      const r = (await api(edge.url, `/v1/refunds/${listed[0].id}`, { key: shop.secret_key })).json;
      assert.equal(r.status, 'succeeded');
      return r;
    });
    // The merchant's own retry, once the dead request's hold on the key has lapsed.
    const retry = await eventually(async () => {
      const r = await ask();
      assert.notEqual(r.status, 409, r.text);
      return r;
    }, 10_000);
    assert.equal(retry.status, 201, retry.text);
    assert.equal(retry.json.id, settled.id, 'the same refund');

    const l = await ledger(edge);
    const refunds = l.operations.filter((o) => o.kind === 'refund' && o.accepted);
    assert.deepEqual(refunds.map((o) => o.amount), [1500], 'refunded once');
    assert.equal(chargesOf(l, paid.json.id)[0].refunded, 1500);
    assert.equal((await payment(edge, shop, paid.json.id)).amount_refunded, 1500);
    assert.equal((await api(edge.url, `/v1/refunds?payment=${paid.json.id}`, { key: shop.secret_key })).json.data.length, 1);

    await receiver.waitFor(2);
    const { got } = await eventually(() => noWebhookLost(edge, shop, receiver), 20_000);
    assert.deepEqual(typesFor(got, settled.id), ['refund.succeeded']);
  });
});

test('killed after the processor accepted a refund and before it is recorded: the sweep sends it again under its key and the card is refunded once', { timeout: 180_000 }, async () => {
  await armed('refund_answered', async ({ edge, shop, receiver }) => {
    const s = await createSession(edge.url, shop.secret_key, { amount: 5000, currency: 'EUR' });
    const paid = await confirm(edge.url, s, { card: card('4242424242424242') });
    assert.equal(paid.status, 200, paid.text);
    await crashAt(edge, 'refund_answered', [api(edge.url, '/v1/refunds', { method: 'POST', key: shop.secret_key, body: { payment: paid.json.id } })]);

    const [pending] = (await api(edge.url, `/v1/refunds?payment=${paid.json.id}`, { key: shop.secret_key })).json.data;
    assert.equal(pending.status, 'pending');
    assert.equal((await ledger(edge)).operations.filter((o) => o.kind === 'refund').length, 1, 'the processor refunded');

    await sweepUntil(edge, async () => {
      assert.equal((await api(edge.url, `/v1/refunds/${pending.id}`, { key: shop.secret_key })).json.status, 'succeeded');
    });
    const l = await ledger(edge);
    const [op, ...more] = l.operations.filter((o) => o.kind === 'refund');
    assert.equal(more.length, 0);
    assert.equal(op.amount, 5000);
    assert.equal(op.requests, 2, 'asked again under the same key, answered from the first');
    assert.equal(chargesOf(l, paid.json.id)[0].refunded, 5000, 'refunded once');
    const after = await payment(edge, shop, paid.json.id);
    assert.equal(after.amount_refunded, 5000);

    await receiver.waitFor(2);
    const { got } = await eventually(() => noWebhookLost(edge, shop, receiver), 20_000);
    assert.deepEqual(typesFor(got, pending.id), ['refund.succeeded']);
  });
});

test('a fault point that does not exist is a configuration error, not a silent pass', { timeout: 120_000 }, async () => {
  const edge = await bootEdge({ vars: { FAULT_AT: 'after_lunch' }, riskRules: 'keep', ready: () => true });
  try {
    const r = await api(edge.url, '/v1/checkout_sessions', { method: 'POST', key: 'sk_test_x', body: {} });
    assert.equal(r.status, 500);
    assert.equal(r.json.error.code, 'internal_error');
    await eventually(() => assert.match(edge.logs(), /FAULT_AT names no fault point: after_lunch/));
  } finally {
    await edge.stop();
  }
});
