// Confirming a checkout in workerd, the way a card frame does, with cards encrypted by `jose`
// and proofs made by `dpop`: every test card, every refusal, concurrency and timeouts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { bootEdge, leakForms } from '../lib/edge-fixture.mjs';
import { api, browser, card, confirm, createSession, edgeKey, encryptCard, newDevice, proof } from '../lib/checkout.mjs';

let edge;
let shop;
const usedPans = new Set();
const pay = (session, number, opts = {}) => {
  usedPans.add(number);
  return confirm(edge.url, session, { ...opts, card: card(number, opts.cardExtra) });
};
const ledger = async () => (await api(edge.url, '/dev/sandbox/ledger')).json.charges;
const paymentsOf = async (sessionId) =>
  (await api(edge.url, '/v1/payments?limit=100', { key: shop.secret_key })).json.data.filter((p) => p.checkout_session === sessionId);

before(async () => {
  edge = await bootEdge();
  shop = await edge.merchant();
});
after(() => edge?.stop());

describe('test cards', () => {
  test('4242 4242 4242 4242 is approved and the session is paid', async () => {
    const s = await createSession(edge.url, shop.secret_key, { amount: 2500, currency: 'EUR' });
    const r = await pay(s, '4242424242424242');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'succeeded');
    assert.equal(r.json.amount, 2500);
    assert.equal(r.json.card.last4, '4242');
    assert.equal(r.json.card.token, undefined, 'the frame is not given the token');
    const session = await api(edge.url, `/v1/checkout_sessions/${s.id}`, { key: shop.secret_key });
    assert.equal(session.json.status, 'succeeded');
    assert.equal(session.json.payment, r.json.id);
    const payment = await api(edge.url, `/v1/payments/${r.json.id}`, { key: shop.secret_key });
    assert.equal(payment.json.status, 'succeeded');
    assert.match(payment.json.processor_reference, /^sbx_/);
    const again = await pay(s, '4242424242424242');
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'session_already_paid');
  });

  for (const [number, decline] of [
    ['4000000000000002', 'generic_decline'],
    ['4000000000009995', 'insufficient_funds'],
    ['4000000000000069', 'expired_card'],
    ['4000000000000119', 'processing_error'],
    ['4000000000003220', 'authentication_required'],
  ]) {
    test(`${number} is declined with ${decline}, and the shopper can try another card`, async () => {
      const s = await createSession(edge.url, shop.secret_key);
      const r = await pay(s, number);
      assert.equal(r.status, 402, r.text);
      assert.equal(r.json.error.code, 'card_declined');
      assert.equal(r.json.error.decline_code, decline);
      assert.equal(r.json.error.payment.status, 'failed');
      assert.ok(r.json.error.message.length > 10);
      const failed = await api(edge.url, `/v1/payments/${r.json.error.payment.id}`, { key: shop.secret_key });
      assert.equal(failed.json.status, 'failed');
      assert.equal(failed.json.decline_code, decline);
      assert.equal((await api(edge.url, `/v1/checkout_sessions/${s.id}`, { key: shop.secret_key })).json.status, 'open');
      const retry = await pay(s, '5555555555554444');
      assert.equal(retry.status, 200, retry.text);
      assert.equal(retry.json.card.brand, 'mastercard');
      assert.equal((await paymentsOf(s.id)).length, 2);
    });
  }

  test('a processor timeout leaves the payment processing; the retry resolves it with one charge', async () => {
    const s = await createSession(edge.url, shop.secret_key);
    // The frame retries from its own device key: the payment in flight is that device's.
    const device = await newDevice();
    const first = await pay(s, '4000000000000770', { device });
    assert.equal(first.status, 503, first.text);
    assert.equal(first.json.error.code, 'processor_timeout');
    assert.equal(first.headers.get('retry-after'), '1');
    const paymentId = first.json.error.payment.id;
    assert.equal((await api(edge.url, `/v1/payments/${paymentId}`, { key: shop.secret_key })).json.status, 'processing');
    const retry = await pay(s, '4000000000000770', { device });
    assert.equal(retry.status, 200, retry.text);
    assert.equal(retry.json.id, paymentId, 'the same payment, not a new one');
    const charges = (await ledger()).filter((c) => c.idempotency_key === paymentId);
    assert.equal(charges.length, 1, 'charged once');
    assert.equal(charges[0].requests, 2, 'asked twice with the same idempotency key');
    assert.equal((await paymentsOf(s.id)).length, 1);
  });
});

describe('refusals change nothing', () => {
  let s;
  before(async () => { s = await createSession(edge.url, shop.secret_key); });

  const unchanged = async () => {
    assert.equal((await api(edge.url, `/v1/checkout_sessions/${s.id}`, { key: shop.secret_key })).json.status, 'open');
    assert.equal((await paymentsOf(s.id)).length, 0);
  };

  test('a wrong client secret is 401', async () => {
    const other = await createSession(edge.url, shop.secret_key);
    const r = await pay(s, '4242424242424242', { clientSecret: other.client_secret });
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, 'invalid_client_secret');
    await unchanged();
  });

  test('an unknown session is 404', async () => {
    const r = await pay({ id: `cs_${'b'.repeat(24)}`, client_secret: s.client_secret }, '4242424242424242');
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'resource_missing');
  });

  test('DPoP: missing, replayed, for another URL or method, stale, or signed by another key', async () => {
    const target = `${edge.url}/v1/checkout_sessions/${s.id}/confirm`;
    const device = await newDevice();
    const cases = [
      [null, 401, 'dpop_required'],
      [await proof(device, 'POST', `${edge.url}/v1/checkout_sessions/cs_${'c'.repeat(24)}/confirm`), 401, 'dpop_url_mismatch'],
      [await proof(device, 'PUT', target), 401, 'dpop_method_mismatch'],
      [await proof(device, 'POST', target, { iat: Math.floor(Date.now() / 1000) - 3600 }), 401, 'dpop_stale'],
      [await proof(device, 'POST', target, { iat: Math.floor(Date.now() / 1000) + 3600 }), 401, 'dpop_stale'],
      [await proof(device, 'POST', target, { jti: 'short' }), 401, 'dpop_invalid_jti'],
      ['not.a.jwt', 401, 'malformed_jws'],
    ];
    const intruder = await newDevice();
    const forged = await new jose.SignJWT({ htm: 'POST', htu: target, iat: Math.floor(Date.now() / 1000), jti: crypto.randomUUID() })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: await jose.exportJWK(device.publicKey) })
      .sign(intruder.privateKey);
    cases.push([forged, 401, 'invalid_signature']);
    const hs = await new jose.SignJWT({ htm: 'POST', htu: target, iat: Math.floor(Date.now() / 1000), jti: crypto.randomUUID() })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'HS256' })
      .sign(new Uint8Array(32));
    cases.push([hs, 401, 'unsupported_algorithm']);
    for (const [dpop, status, code] of cases) {
      const r = await pay(s, '4242424242424242', { dpop: dpop ?? '', device });
      assert.equal(r.status, status, `${code}: ${r.text}`);
      assert.equal(r.json.error.code, code);
      assert.match(r.headers.get('www-authenticate') ?? '', /^DPoP/);
    }
    await unchanged();
  });

  test('a replayed DPoP proof is refused even when the first use was refused for another reason', async () => {
    const target = `${edge.url}/v1/checkout_sessions/${s.id}/confirm`;
    const device = await newDevice();
    const dpop = await proof(device, 'POST', target);
    const first = await pay(s, '4242424242424242', { dpop, device, clientSecret: 'cs_secret_wrong' });
    assert.equal(first.json.error.code, 'invalid_client_secret');
    const replay = await pay(s, '4242424242424242', { dpop, device });
    assert.equal(replay.status, 401);
    assert.equal(replay.json.error.code, 'dpop_replayed');
    await unchanged();
  });

  test('JWE: bound to another session, for an unknown kid, malformed, or with a flipped byte', async () => {
    const { jwk } = await edgeKey(edge.url);
    const other = await createSession(edge.url, shop.secret_key);
    usedPans.add('4242424242424242');
    const good = await encryptCard(jwk, s.id, card('4242424242424242'));
    const parts = good.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    const unknownKid = await new jose.CompactEncrypt(new TextEncoder().encode(JSON.stringify(card('4242424242424242'))))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', kid: 'never-issued', sid: s.id })
      .encrypt(await jose.importJWK(jwk, 'ECDH-ES'));
    const cases = [
      [await encryptCard(jwk, other.id, card('4242424242424242')), 'session_mismatch'],
      [unknownKid, 'unknown_key_id'],
      ['eyJhbGciOiJFQ0RILUVTIn0.x.y', 'malformed_jwe'],
      ['', 'malformed_jwe'],
      [[parts[0], parts[1], parts[2], flipped.toString('base64url'), parts[4]].join('.'), 'decryption_failed'],
      [[parts[0], parts[1], parts[2], parts[3], parts[4].slice(0, 10)].join('.'), 'malformed_jwe'],
    ];
    for (const [jwe, code] of cases) {
      const r = await confirm(edge.url, s, { jwe });
      assert.equal(r.status, 400, `${code}: ${r.text}`);
      assert.equal(r.json.error.code, code);
    }
    await unchanged();
  });

  test('card and browser problems: 422 for the card, 400 for the request', async () => {
    const cases = [
      [{ card: card('4242424242424241') }, 422, 'invalid_card_number'],
      [{ card: card('4242424242424242', { exp_year: 2020 }) }, 422, 'card_expired'],
      [{ card: card('4242424242424242', { cvc: '12' }) }, 422, 'invalid_cvc'],
      [{ card: card('378282246310005', { cvc: '123' }) }, 422, 'invalid_cvc'],
      [{ browser: { ...browser, browserColorDepth: 7 } }, 400, 'invalid_browser_info'],
      [{ body: { client_secret: s.client_secret } }, 400, 'invalid_json'],
      [{ body: '{"client_secret":' }, 400, 'invalid_json'],
    ];
    for (const [opts, status, code] of cases) {
      if (opts.card) usedPans.add(opts.card.number);
      const r = await confirm(edge.url, s, opts);
      assert.equal(r.status, status, `${code}: ${r.text}`);
      assert.equal(r.json.error.code, code);
    }
    await unchanged();
  });

  test('an expired session cannot be paid', async () => {
    const short = await createSession(edge.url, shop.secret_key, { expires_in: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    const r = await pay(short, '4242424242424242');
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'session_expired');
    assert.equal((await api(edge.url, `/v1/checkout_sessions/${short.id}`, { key: shop.secret_key })).json.status, 'expired');
    assert.equal((await paymentsOf(short.id)).length, 0);
  });
});

describe('concurrency', () => {
  test('20 concurrent confirms of one session make exactly one payment and one processor call', async () => {
    const s = await createSession(edge.url, shop.secret_key);
    const results = await Promise.all(Array.from({ length: 20 }, () => pay(s, '4242424242424242')));
    const ok = results.filter((r) => r.status === 200);
    assert.equal(ok.length, 1, results.map((r) => `${r.status} ${r.json?.error?.code ?? ''}`).join(', '));
    for (const r of results.filter((r) => r.status !== 200)) {
      assert.equal(r.status, 409);
      assert.ok(['confirm_in_progress', 'session_already_paid'].includes(r.json.error.code), r.json.error.code);
    }
    const payments = await paymentsOf(s.id);
    assert.equal(payments.length, 1);
    const charges = (await ledger()).filter((c) => c.idempotency_key === payments[0].id);
    assert.equal(charges.length, 1);
    assert.equal(charges[0].requests, 1);
  });
});

describe('card data', () => {
  test('no card number appears in the D1 files, Durable Object storage or the logs', async () => {
    const stored = Buffer.concat(edge.storedBytes());
    const logs = edge.logs();
    assert.ok(usedPans.size >= 8);
    for (const pan of usedPans) {
      for (const form of leakForms(pan)) {
        assert.ok(!stored.includes(form), `${pan.slice(-4)} found at rest`);
        assert.ok(!logs.includes(form), `${pan.slice(-4)} found in the logs`);
      }
    }
    assert.ok(logs.includes('POST /v1/checkout_sessions/'), 'the logs were captured');
  });
});
