// The payment after the payment, over HTTP against workerd with the sandbox processor: manual
// capture and voids, partial refunds with idempotency keys, session cancels, test and live
// keys, rolled keys, events with webhook endpoints and their deliveries, and the sandbox's
// disputed card. Every refusal is checked to change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, card, confirm, createSession } from '../lib/checkout.mjs';
import { startReceiver } from '../lib/webhook-receiver.mjs';
import { verifySignature } from '../../www/store/server.mjs';
import { eventually } from '../lib/eventually.mjs';

const stripe = new Stripe('sk_test_unused');
let edge;
let shop;

before(async () => {
  edge = await bootEdge();
  shop = await edge.merchant({ name: 'Lifecycle Shop' });
});
after(() => edge?.stop());

const key = () => shop.secret_key;
const post = (path, body, headers = {}, k = key()) => api(edge.url, path, { method: 'POST', key: k, body, headers });
const get = (path, k = key()) => api(edge.url, path, { key: k });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function paid({ amount = 5000, manual = false, number = '4242424242424242' } = {}) {
  const s = await createSession(edge.url, key(), { amount, currency: 'EUR', ...(manual ? { capture_method: 'manual' } : {}) });
  const r = await confirm(edge.url, s, { card: card(number) });
  assert.equal(r.status, 200, r.text);
  return { session: s, payment: (await get(`/v1/payments/${r.json.id}`)).json };
}

describe('authorise now, capture later', () => {
  test('a manual payment waits at requires_capture; a partial capture takes part, once', async () => {
    const { payment } = await paid({ amount: 5000, manual: true });
    assert.equal(payment.status, 'requires_capture');
    assert.equal(payment.capture_method, 'manual');
    assert.equal(payment.amount_capturable, 5000);
    assert.equal(payment.livemode, false);
    const tooMuch = await post(`/v1/payments/${payment.id}/capture`, { amount: 5001 });
    assert.equal(tooMuch.status, 400);
    assert.equal(tooMuch.json.error.code, 'capture_amount_too_large');
    const captured = await post(`/v1/payments/${payment.id}/capture`, { amount: 3000 });
    assert.equal(captured.status, 200, captured.text);
    assert.equal(captured.json.status, 'succeeded');
    assert.equal(captured.json.amount_captured, 3000, 'the rest is released');
    const twice = await post(`/v1/payments/${payment.id}/capture`, {});
    assert.equal(twice.status, 409);
    assert.equal(twice.json.error.code, 'payment_not_capturable');
    const ledger = (await api(edge.url, '/dev/sandbox/ledger')).json;
    assert.equal(ledger.charges.find((c) => c.idempotency_key === payment.id).captured, 3000);
    const types = (await get('/v1/events?limit=100')).json.data.filter((e) => e.data.object.id === payment.id).map((e) => e.type);
    assert.deepEqual(types.sort(), ['payment.requires_capture', 'payment.succeeded']);
  });

  test('a void cancels an authorisation, which then cannot be captured or refunded', async () => {
    const { payment } = await paid({ manual: true });
    const voided = await post(`/v1/payments/${payment.id}/cancel`, {});
    assert.equal(voided.status, 200, voided.text);
    assert.equal(voided.json.status, 'canceled');
    assert.equal((await post(`/v1/payments/${payment.id}/capture`, {})).json.error.code, 'payment_not_capturable');
    const refund = await post('/v1/refunds', { payment: payment.id });
    assert.equal(refund.status, 409);
    assert.equal(refund.json.error.code, 'payment_not_refundable');
    const automatic = (await paid()).payment;
    assert.equal((await post(`/v1/payments/${automatic.id}/cancel`, {})).json.error.code, 'payment_not_cancelable', 'a captured payment is refunded, not voided');
  });
});

describe('refunds', () => {
  test('partial refunds up to what was captured, idempotent by key, listed by payment', async () => {
    const { payment } = await paid({ amount: 10000 });
    const first = await post('/v1/refunds', { payment: payment.id, amount: 2500, reason: 'requested_by_customer' }, { 'Idempotency-Key': `r1-${payment.id}` });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.status, 'succeeded');
    assert.match(first.json.id, /^re_/);
    const replay = await post('/v1/refunds', { payment: payment.id, amount: 2500, reason: 'requested_by_customer' }, { 'Idempotency-Key': `r1-${payment.id}` });
    assert.equal(replay.json.id, first.json.id, 'the same refund, not a second one');
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    const other = await post('/v1/refunds', { payment: payment.id, amount: 100 }, { 'Idempotency-Key': `r1-${payment.id}` });
    assert.equal(other.status, 409);
    assert.equal(other.json.error.code, 'idempotency_key_reused');
    const rest = await post('/v1/refunds', { payment: payment.id });
    assert.equal(rest.json.amount, 7500, 'what is left');
    const more = await post('/v1/refunds', { payment: payment.id, amount: 1 });
    assert.equal(more.status, 400);
    assert.equal(more.json.error.code, 'refund_amount_too_large');
    const after = (await get(`/v1/payments/${payment.id}`)).json;
    assert.equal(after.amount_refunded, 10000);
    const list = (await get(`/v1/refunds?payment=${payment.id}`)).json;
    assert.deepEqual(list.data.map((r) => r.amount).sort((a, b) => a - b), [2500, 7500]);
    assert.equal((await get(`/v1/refunds/${first.json.id}`)).json.reason, 'requested_by_customer');
    const ops = (await api(edge.url, '/dev/sandbox/ledger')).json.operations.filter((o) => o.kind === 'refund' && o.charge === payment.processor_reference);
    assert.deepEqual(ops.map((o) => o.amount).sort((a, b) => a - b), [2500, 7500], 'the processor refunded exactly that');
    for (const bad of [{ payment: payment.id, amount: -1 }, { payment: payment.id, reason: 'boredom' }, { amount: 1 }, { payment: 'pay_nope' }]) {
      const r = await post('/v1/refunds', bad);
      assert.ok([400, 404].includes(r.status), JSON.stringify(bad));
    }
  });
});

describe('sessions', () => {
  test('a canceled session cannot be paid, and the frame is told so', async () => {
    const s = await createSession(edge.url, key());
    const canceled = await post(`/v1/checkout_sessions/${s.id}/cancel`, {});
    assert.equal(canceled.status, 200, canceled.text);
    assert.equal(canceled.json.status, 'canceled');
    const r = await confirm(edge.url, s, { card: card('4242424242424242') });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'session_canceled');
    const summary = await api(edge.url, `/v1/checkout_sessions/${s.id}/summary`, { method: 'POST', body: { client_secret: s.client_secret, publishable_key: shop.publishable_key } });
    assert.equal(summary.json.status, 'canceled');
    assert.equal((await post(`/v1/checkout_sessions/${s.id}/cancel`, {})).json.error.code, 'session_canceled');
    const { session: paidSession } = await paid();
    assert.equal((await post(`/v1/checkout_sessions/${paidSession.id}/cancel`, {})).json.error.code, 'session_already_paid');
    assert.ok((await get('/v1/events?type=checkout_session.canceled')).json.data.some((e) => e.data.object.id === s.id));
  });
});

describe('test and live mode', () => {
  test('a test object is not there for a live key, and live mode needs a processor', async () => {
    const { payment } = await paid();
    const live = shop.live_secret_key;
    assert.equal((await get(`/v1/payments/${payment.id}`, live)).status, 404);
    assert.equal((await post('/v1/refunds', { payment: payment.id }, {}, live)).status, 404);
    assert.equal((await get('/v1/payments', live)).json.data.length, 0);
    const noProcessor = await api(edge.url, '/v1/checkout_sessions', { method: 'POST', key: live, body: { amount: 100, currency: 'EUR', reference: 'live-1', shopper: { email: 'a@example.com' } } });
    assert.equal(noProcessor.status, 409);
    assert.equal(noProcessor.json.error.code, 'processor_not_configured');
  });

  test('a rolled secret key: the new one is shown once, the old one works until its expiry', async () => {
    const merchant = await edge.merchant({ name: 'Rolling Shop' });
    const rolled = await post('/v1/api_keys/roll', { expires_in: 2 }, {}, merchant.secret_key);
    assert.equal(rolled.status, 201, rolled.text);
    assert.match(rolled.json.secret_key, /^sk_test_/);
    assert.equal((await get('/v1/payments', merchant.secret_key)).status, 200, 'the old key still works');
    assert.equal((await get('/v1/payments', rolled.json.secret_key)).status, 200);
    await sleep(3100);
    const old = await get('/v1/payments', merchant.secret_key);
    assert.equal(old.status, 401);
    assert.equal(old.json.error.code, 'invalid_api_key');
    assert.equal((await get('/v1/payments', rolled.json.secret_key)).status, 200);
    assert.equal((await post('/v1/api_keys/roll', { expires_in: 8 * 24 * 3600 }, {}, rolled.json.secret_key)).json.error.code, 'invalid_expiration');
    assert.ok(!Buffer.concat(edge.storedBytes()).includes(rolled.json.secret_key), 'stored only hashed');
  });
});

describe('events and webhook endpoints', () => {
  test('an endpoint gets only the events it wants, signed with its own secret; a rolled secret signs beside the new one', async () => {
    const receiver = await startReceiver();
    try {
      const merchant = await edge.merchant({ name: 'Endpoint Shop' });
      const endpoint = await post('/v1/webhook_endpoints', { url: receiver.url, enabled_events: ['refund.succeeded'] }, {}, merchant.secret_key);
      assert.equal(endpoint.status, 201, endpoint.text);
      assert.match(endpoint.json.secret, /^whsec_/);
      assert.equal((await get(`/v1/webhook_endpoints/${endpoint.json.id}`, merchant.secret_key)).json.secret, undefined, 'shown once');
      const bad = await post('/v1/webhook_endpoints', { url: receiver.url, enabled_events: ['payment.exploded'] }, {}, merchant.secret_key);
      assert.equal(bad.json.error.code, 'invalid_enabled_events');

      const s = await createSession(edge.url, merchant.secret_key, { amount: 900 });
      const r = await confirm(edge.url, s, { card: card('4242424242424242') });
      const refund = await post('/v1/refunds', { payment: r.json.id, amount: 100 }, {}, merchant.secret_key);
      const [first] = await receiver.waitFor(1);
      const event = stripe.webhooks.constructEvent(first.body, first.headers['tessera-signature'], endpoint.json.secret);
      assert.equal(event.type, 'refund.succeeded');
      assert.equal(event.data.object.id, refund.json.id);
      await sleep(1000);
      assert.equal(receiver.received.length, 1, 'no payment events: it did not ask for them');

      const rolled = await post(`/v1/webhook_endpoints/${endpoint.json.id}/roll_secret`, { expires_in: 3600 }, {}, merchant.secret_key);
      assert.notEqual(rolled.json.secret, endpoint.json.secret);
      await post('/v1/refunds', { payment: r.json.id, amount: 100 }, {}, merchant.secret_key);
      const [, second] = await receiver.waitFor(2);
      assert.equal(second.headers['tessera-signature'].match(/v1=/g).length, 2, 'signed with both during the overlap');
      for (const secret of [endpoint.json.secret, rolled.json.secret]) {
        stripe.webhooks.constructEvent(second.body, second.headers['tessera-signature'], secret);
        assert.ok(verifySignature(second.headers['tessera-signature'], second.body, secret), 'the demo store accepts either secret');
      }
      assert.ok(!verifySignature(second.headers['tessera-signature'], second.body, 'whsec_wrong'));

      const deliveries = await get(`/v1/events/${event.id}/deliveries`, merchant.secret_key);
      const [delivery] = deliveries.json.data;
      assert.equal(delivery.status, 'delivered');
      assert.equal(delivery.attempts[0].response_status, 200);
      assert.equal(delivery.attempts[0].url, receiver.url);
      assert.ok(delivery.attempts[0].duration_ms >= 0);
      const retried = await post(`/v1/events/${event.id}/retry`, {}, {}, merchant.secret_key);
      assert.equal(retried.status, 200, retried.text);
      await receiver.waitFor(3);
      assert.equal((await get(`/v1/events/${event.id}/deliveries`, merchant.secret_key)).json.data[0].attempts.length, 2);
      assert.equal((await api(edge.url, `/v1/webhook_endpoints/${endpoint.json.id}`, { method: 'DELETE', key: merchant.secret_key })).json.deleted, true);
      assert.equal((await get(`/v1/webhook_endpoints/${endpoint.json.id}`, merchant.secret_key)).status, 404);
      assert.equal((await get(`/v1/events/${event.id}`, shop.secret_key)).status, 404, "another merchant's event is not there");
    } finally {
      await receiver.close();
    }
  });
});

describe('disputes (sandbox)', () => {
  test('the disputed card is disputed after capture; evidence wins it, accepting loses another', async () => {
    const { payment } = await paid({ amount: 4200, number: '4000000000000259' });
    const dispute = await eventually(async () => (await get('/v1/disputes?limit=100')).json.data.find((d) => d.payment === payment.id));
    assert.equal(dispute.status, 'needs_response');
    assert.equal(dispute.amount, 4200);
    assert.equal((await post('/v1/refunds', { payment: payment.id })).json.error.code, 'payment_disputed');
    const tooBig = await post(`/v1/disputes/${dispute.id}`, { files: [{ name: 'big.pdf', content_type: 'application/pdf', data: Buffer.alloc(300 * 1024).toString('base64') }] });
    assert.equal(tooBig.json.error.code, 'evidence_too_large');
    const unknown = await post(`/v1/disputes/${dispute.id}`, { evidence: { favourite_colour: 'blue' } });
    assert.equal(unknown.json.error.code, 'invalid_evidence');
    const receipt = { name: 'receipt.pdf', content_type: 'application/pdf', data: Buffer.from('%PDF-1.4 receipt').toString('base64') };
    const submitted = await post(`/v1/disputes/${dispute.id}`, { evidence: { uncategorized_text: 'winning_evidence', product_description: 'A book' }, files: [receipt] });
    assert.equal(submitted.status, 200, submitted.text);
    assert.equal(submitted.json.status, 'under_review');
    assert.deepEqual(submitted.json.evidence_files, [{ name: 'receipt.pdf', content_type: 'application/pdf', size: 16 }]);
    const won = await eventually(async () => {
      const d = (await get(`/v1/disputes/${dispute.id}`)).json;
      return d.status === 'won' && d;
    });
    assert.equal(won.evidence.product_description, 'A book');
    assert.equal((await post(`/v1/disputes/${dispute.id}/close`, {})).json.error.code, 'dispute_not_open');

    const second = (await paid({ number: '4000000000000259' })).payment;
    const open = await eventually(async () => (await get('/v1/disputes?limit=100')).json.data.find((d) => d.payment === second.id));
    const accepted = await post(`/v1/disputes/${open.id}/close`, {});
    assert.equal(accepted.json.status, 'lost');
    const types = (await get('/v1/events?limit=100')).json.data.map((e) => e.type);
    for (const t of ['dispute.created', 'dispute.updated', 'dispute.closed']) assert.ok(types.includes(t), t);
  });
});
