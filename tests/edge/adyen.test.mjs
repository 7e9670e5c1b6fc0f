// The Adyen connector, live mode, against a fake Adyen that validates every request Tessera sends
// against Adyen's Checkout API v71 document and answers with responses and HMAC-signed
// notifications that validate against Adyen's documents: authorisations, refusals, 5xx, a
// timeout resolved by the notification that follows, captures, voids and refunds whose outcome
// arrives by notification, chargebacks, and forged notifications.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, card, confirm } from '../lib/checkout.mjs';
import { hmacSignature, startFakeAdyen } from '../lib/fake-adyen.mjs';
import { eventually } from '../lib/eventually.mjs';

const apiKey = `AQE${randomBytes(24).toString('hex')}`;
const hmacKey = randomBytes(32).toString('hex').toUpperCase();
const merchantAccount = 'TesseraTestECOM';
let edge;
let adyen;
let shop;
let processor;

before(async () => {
  adyen = await startFakeAdyen({ apiKey, hmacKey, merchantAccount, slowMs: 2500 });
  edge = await bootEdge({ vars: { PROCESSOR_TIMEOUT_MS: '1000', SYNC_AFTER_SECONDS: '1', NOTIFICATION_WINDOW_SECONDS: '3' } });
  shop = await edge.merchant({ name: 'Adyen Shop' });
  const r = await api(edge.url, '/v1/processors', {
    method: 'POST', key: shop.live_secret_key, body: { type: 'adyen', merchant_account: merchantAccount, api_key: apiKey, hmac_key: hmacKey, base_url: adyen.url },
  });
  assert.equal(r.status, 201, r.text);
  processor = r.json;
  adyen.setNotifyUrl(processor.notification_url);
});
after(async () => {
  await edge?.stop();
  await adyen?.close();
});

const live = () => shop.live_secret_key;
const post = (path, body, k = live()) => api(edge.url, path, { method: 'POST', key: k, body });
const get = (path, k = live()) => api(edge.url, path, { key: k });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function liveSession(extra = {}) {
  const r = await api(edge.url, '/v1/checkout_sessions', {
    method: 'POST', key: live(), body: { amount: 2500, currency: 'EUR', reference: `live-${Math.random().toString(36).slice(2)}`, shopper: { email: 'ada@example.com' }, ...extra },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.livemode, true);
  return r.json;
}

const scheduled = () => fetch(`${edge.url}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`);

describe('configuring Adyen', () => {
  test('credentials are sealed and never shown again; the configuration is per mode', async () => {
    assert.equal(processor.type, 'adyen');
    assert.equal(processor.livemode, true);
    assert.equal(processor.api_key, undefined);
    const listed = (await get('/v1/processors')).json.data;
    assert.equal(listed.length, 1);
    assert.ok(!JSON.stringify(listed).includes(apiKey) && !JSON.stringify(listed).includes(hmacKey));
    assert.deepEqual((await get('/v1/processors', shop.secret_key)).json.data, [], 'test mode keeps the sandbox');
    const testMode = await api(edge.url, '/v1/processors', {
      method: 'POST', key: shop.secret_key, body: { type: 'adyen', merchant_account: merchantAccount, api_key: apiKey, hmac_key: hmacKey, base_url: adyen.url },
    });
    assert.equal(testMode.status, 403);
    assert.equal(testMode.json.error.code, 'live_mode_required');
    assert.deepEqual((await get('/v1/processors', shop.secret_key)).json.data, [], 'a test key configures nothing');
    const stored = Buffer.concat(edge.storedBytes());
    assert.ok(!stored.includes(apiKey) && !stored.includes(hmacKey), 'not in clear at rest');
    const bad = await post('/v1/processors', { type: 'adyen', merchant_account: merchantAccount, api_key: apiKey, hmac_key: 'not-hex', base_url: adyen.url });
    assert.equal(bad.json.error.code, 'invalid_processor_config');
    const other = await post('/v1/processors', { type: 'stripe', merchant_account: 'x', api_key: 'x', hmac_key: hmacKey });
    assert.equal(other.json.error.code, 'invalid_processor_config');
  });
});

describe('payments through Adyen', () => {
  test('an authorisation sends the card once, to /payments, in Adyen\'s format', async () => {
    const s = await liveSession();
    const r = await confirm(edge.url, s, { card: card('4111111111111111') });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'succeeded');
    const payment = (await get(`/v1/payments/${r.json.id}`)).json;
    assert.equal(payment.processor, 'adyen');
    assert.match(payment.processor_reference, /^\d{16}$/);
    const sent = adyen.requests.find((q) => q.kind === 'payments' && q.body.reference === payment.id);
    assert.equal(sent.headers['idempotency-key'], payment.id);
    assert.equal(sent.body.paymentMethod.type, 'scheme');
    assert.equal(sent.body.paymentMethod.number, '4111111111111111');
    assert.equal(sent.body.amount.value, 2500, 'minor units');
    assert.equal(sent.body.additionalData, undefined, 'captured with the authorisation');
    assert.equal((await get(`/v1/payments/${payment.id}`, shop.secret_key)).status, 404, 'a live payment is not there for a test key');
    await adyen.accepted('AUTHORISATION');
    assert.deepEqual(adyen.problems, []);
  });

  test('a refusal is a decline', async () => {
    const s = await liveSession();
    const r = await confirm(edge.url, s, { card: card('4000300011112220') });
    assert.equal(r.status, 402);
    assert.equal(r.json.error.decline_code, 'generic_decline');
  });

  test('a manual payment is captured, refunded in parts and voided by notification', async () => {
    const s = await liveSession({ capture_method: 'manual', amount: 6000 });
    const r = await confirm(edge.url, s, { card: card('4111111111111111') });
    assert.equal(r.json.status, 'requires_capture');
    const sent = adyen.requests.find((q) => q.kind === 'payments' && q.body.reference === r.json.id);
    assert.equal(sent.body.additionalData.manualCapture, 'true');
    const asked = await post(`/v1/payments/${r.json.id}/capture`, { amount: 5000 });
    assert.equal(asked.status, 200, asked.text);
    assert.equal(asked.json.status, 'requires_capture', 'received: Adyen answers by notification');
    const captured = await eventually(async () => {
      const p = (await get(`/v1/payments/${r.json.id}`)).json;
      return p.status === 'succeeded' && p;
    });
    assert.equal(captured.amount_captured, 5000);
    const capture = adyen.requests.find((q) => q.kind === 'captures' && q.body.reference === r.json.id);
    assert.equal(capture.body.paymentMethod, undefined);
    assert.ok(!JSON.stringify(capture.body).includes('4111111111111111'), 'a capture carries no card');

    const refund = await post('/v1/refunds', { payment: r.json.id, amount: 2000 });
    assert.equal(refund.status, 201, refund.text);
    assert.equal(refund.json.status, 'pending');
    const settled = await eventually(async () => {
      const x = (await get(`/v1/refunds/${refund.json.id}`)).json;
      return x.status === 'succeeded' && x;
    });
    assert.equal(settled.amount, 2000);
    assert.equal((await post('/v1/refunds', { payment: r.json.id, amount: 3001 })).json.error.code, 'refund_amount_too_large', 'refused before Adyen is asked');

    const voidable = await liveSession({ capture_method: 'manual' });
    const v = await confirm(edge.url, voidable, { card: card('4111111111111111') });
    await post(`/v1/payments/${v.json.id}/cancel`, {});
    await eventually(async () => (await get(`/v1/payments/${v.json.id}`)).json.status === 'canceled');
    for (const kind of ['captures', 'cancels', 'refunds']) assert.ok(adyen.requests.some((q) => q.kind === kind && q.headers['idempotency-key']), kind);
    assert.deepEqual(adyen.problems, []);
  });

  test('a 5xx leaves the payment in flight; without a notification the sweep fails it, and the shopper can pay again', async () => {
    const s = await liveSession();
    const r = await confirm(edge.url, s, { card: card('4988438843884305') });
    assert.equal(r.status, 503);
    assert.equal(r.json.error.code, 'processor_unavailable');
    await sleep(3500);
    assert.equal((await scheduled()).status, 200);
    const payment = await eventually(async () => {
      const p = (await get(`/v1/payments/${r.json.error.payment.id}`)).json;
      return p.status === 'failed' && p;
    });
    assert.equal(payment.decline_code, 'processing_error');
    const again = await confirm(edge.url, s, { card: card('4111111111111111') });
    assert.equal(again.json.status, 'succeeded');
  });

  test('a timeout is resolved by Adyen\'s AUTHORISATION notification, with no client retry', async () => {
    const s = await liveSession();
    const r = await confirm(edge.url, s, { card: card('4212345678910006') });
    assert.equal(r.status, 503, r.text);
    assert.equal(r.json.error.code, 'processor_timeout');
    const resolved = await eventually(async () => {
      const p = (await get(`/v1/payments/${r.json.error.payment.id}`)).json;
      return p.status === 'succeeded' && p;
    });
    assert.equal(resolved.processor, 'adyen');
    assert.equal(adyen.requests.filter((q) => q.kind === 'payments' && q.body.reference === resolved.id).length, 1, 'asked once');
  });

  test('a chargeback opens a dispute; a forged notification changes nothing', async () => {
    const s = await liveSession();
    const r = await confirm(edge.url, s, { card: card('4111111111111111') });
    const payment = (await get(`/v1/payments/${r.json.id}`)).json;
    const forged = {
      eventCode: 'NOTIFICATION_OF_CHARGEBACK', pspReference: '9999999999999999', originalReference: payment.processor_reference, merchantAccountCode: merchantAccount,
      merchantReference: payment.id, amount: { currency: 'EUR', value: 2500 }, success: 'true', eventDate: new Date().toISOString(), reason: 'Fraud',
    };
    forged.additionalData = { hmacSignature: hmacSignature(forged, 'AB'.repeat(32)) };
    const refused = await fetch(processor.notification_url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: forged }] }) });
    assert.equal(refused.status, 401);
    assert.equal((await get('/v1/disputes')).json.data.filter((d) => d.payment === payment.id).length, 0);
    await adyen.notify('NOTIFICATION_OF_CHARGEBACK', { pspReference: '9999999999999998', originalReference: payment.processor_reference, merchantReference: payment.id, amount: { currency: 'EUR', value: 2500 }, reason: 'Fraud' });
    const dispute = await eventually(async () => (await get('/v1/disputes')).json.data.find((d) => d.payment === payment.id));
    assert.equal(dispute.status, 'needs_response');
    assert.equal(dispute.livemode, true);
    assert.deepEqual(adyen.problems, []);
  });
});
