// The merchant's API in workerd: keys, checkout sessions, idempotency, isolation, payments.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, card, confirm, createSession } from '../lib/checkout.mjs';

let edge;
let shop;
let other;

before(async () => {
  edge = await bootEdge();
  shop = await edge.merchant({ name: 'Shop A' });
  other = await edge.merchant({ name: 'Shop B' });
});
after(() => edge?.stop());

describe('authentication', () => {
  test('no key, a wrong key or a publishable key get 401 with stable codes', async () => {
    const body = { amount: 100, currency: 'USD', reference: 'r', shopper: { email: 'a@example.com' } };
    const none = await api(edge.url, '/v1/checkout_sessions', { method: 'POST', body });
    assert.equal(none.status, 401);
    assert.equal(none.json.error.code, 'missing_api_key');
    const wrong = await api(edge.url, '/v1/checkout_sessions', { method: 'POST', body, key: `sk_${'a'.repeat(56)}` });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json.error.code, 'invalid_api_key');
    const junk = await api(edge.url, '/v1/payments', { key: 'sk_short' });
    assert.equal(junk.json.error.code, 'invalid_api_key');
    const publishable = await api(edge.url, '/v1/payments', { key: shop.publishable_key });
    assert.equal(publishable.json.error.code, 'publishable_key_not_allowed');
  });

  test('the operator API needs the admin token', async () => {
    const r = await api(edge.url, '/v1/merchants', { method: 'POST', key: 'adm_wrong', body: { name: 'x' } });
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, 'invalid_admin_token');
  });

  test('secret keys are returned once and work; only their hash is stored', async () => {
    assert.match(shop.secret_key, /^sk_test_[a-z2-7]{56}$/);
    assert.match(shop.publishable_key, /^pk_test_[a-z2-7]{24}$/);
    assert.match(shop.live_secret_key, /^sk_live_[a-z2-7]{56}$/);
    assert.match(shop.live_publishable_key, /^pk_live_[a-z2-7]{24}$/);
    const stored = Buffer.concat(edge.storedBytes());
    assert.ok(!stored.includes(shop.secret_key), 'secret key in clear at rest');
    assert.ok(!stored.includes(shop.live_secret_key), 'live secret key in clear at rest');
    assert.ok(!stored.includes(shop.webhook_secret), 'webhook secret in clear at rest');
  });
});

describe('checkout sessions', () => {
  test('a session has an id, a client secret, the amount and an expiry', async () => {
    const s = await createSession(edge.url, shop.secret_key, { amount: 1200, currency: 'jpy' });
    assert.match(s.id, /^cs_[a-z2-7]{24}$/);
    assert.match(s.client_secret, new RegExp(`^${s.id}_secret_[a-z2-7]{56}$`));
    assert.equal(s.status, 'open');
    assert.equal(s.amount, 1200);
    assert.equal(s.currency, 'JPY');
    assert.ok(s.expires_at > s.created_at);
    const read = await api(edge.url, `/v1/checkout_sessions/${s.id}`, { key: shop.secret_key });
    assert.equal(read.status, 200);
    assert.equal(read.json.amount, 1200);
    assert.equal(read.json.client_secret, undefined, 'the client secret is only shown once');
  });

  test('bad input gets a clear error and changes nothing', async () => {
    const cases = [
      [{ amount: 0 }, 'invalid_amount'],
      [{ amount: 10.5 }, 'invalid_amount'],
      [{ amount: '100' }, 'invalid_amount'],
      [{ currency: 'ABC' }, 'unsupported_currency'],
      [{ reference: '' }, 'invalid_reference'],
      [{ shopper: { email: 'not-an-email' } }, 'invalid_email'],
      [{ shopper: { phone: '12345' } }, 'invalid_phone'],
      [{ shopper: {} }, 'missing_shopper'],
      [{ expires_in: 999999 }, 'invalid_expires_in'],
      [{ status: 'succeeded' }, 'invalid_json'],
    ];
    for (const [override, code] of cases) {
      const body = { amount: 100, currency: 'USD', reference: 'r1', shopper: { email: 'a@example.com' }, ...override };
      const r = await api(edge.url, '/v1/checkout_sessions', { method: 'POST', key: shop.secret_key, body, headers: { 'Idempotency-Key': `bad-${code}` } });
      assert.equal(r.status, 400, JSON.stringify(override));
      assert.equal(r.json.error.code, code);
      assert.ok(r.json.error.message.length > 10);
      // The refused request did not consume its idempotency key.
      const good = await api(edge.url, '/v1/checkout_sessions', {
        method: 'POST', key: shop.secret_key, headers: { 'Idempotency-Key': `bad-${code}` },
        body: { amount: 100, currency: 'USD', reference: 'r1', shopper: { email: 'a@example.com' } },
      });
      assert.equal(good.status, 201);
    }
    const notJson = await api(edge.url, '/v1/checkout_sessions', { method: 'POST', key: shop.secret_key, body: '{nope' });
    assert.equal(notJson.json.error.code, 'invalid_json');
  });

  test('Idempotency-Key: same body replays, a different body is a conflict', async () => {
    const body = { amount: 4200, currency: 'EUR', reference: 'idem-1', shopper: { phone: '+442079460958' } };
    const headers = { 'Idempotency-Key': 'order-idem-1' };
    const first = await api(edge.url, '/v1/checkout_sessions', { method: 'POST', key: shop.secret_key, body, headers });
    const again = await api(edge.url, '/v1/checkout_sessions', { method: 'POST', key: shop.secret_key, body, headers });
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.json.id, first.json.id);
    assert.equal(again.json.client_secret, first.json.client_secret);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    // The replay store is storage too: the first answer is kept sealed, never in clear text.
    assert.ok(!edge.storedBytes().some((bytes) => bytes.includes(first.json.client_secret)), 'the client secret is stored nowhere in clear text');
    const changed = await api(edge.url, '/v1/checkout_sessions', { method: 'POST', key: shop.secret_key, body: { ...body, amount: 1 }, headers });
    assert.equal(changed.status, 409);
    assert.equal(changed.json.error.code, 'idempotency_key_reused');
    // Keys belong to a merchant: another merchant may use the same key.
    const theirs = await api(edge.url, '/v1/checkout_sessions', { method: 'POST', key: other.secret_key, body, headers });
    assert.equal(theirs.status, 201);
    assert.notEqual(theirs.json.id, first.json.id);
  });

  test('idempotent answers are kept a day (here two seconds), then the key starts afresh; the sweep expires sessions', async () => {
    const short = await bootEdge({ vars: { IDEMPOTENCY_TTL_SECONDS: '2' } });
    try {
      const merchant = await short.merchant();
      const body = { amount: 100, currency: 'USD', reference: 'idem-ttl', shopper: { email: 'a@example.com' }, expires_in: 1 };
      const headers = { 'Idempotency-Key': 'ttl-1' };
      const first = await api(short.url, '/v1/checkout_sessions', { method: 'POST', key: merchant.secret_key, body, headers });
      assert.equal((await api(short.url, '/v1/checkout_sessions', { method: 'POST', key: merchant.secret_key, body, headers })).json.id, first.json.id);
      await new Promise((r) => setTimeout(r, 3100));
      const later = await api(short.url, '/v1/checkout_sessions', { method: 'POST', key: merchant.secret_key, body: { ...body, amount: 200 }, headers });
      assert.equal(later.status, 201, later.text);
      assert.notEqual(later.json.id, first.json.id, 'an expired key is a new request, not a conflict');
      // The Cron Trigger, run as Cloudflare would: the unpaid session past its time is marked expired.
      assert.equal((await fetch(`${short.url}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`)).status, 200);
      const swept = await api(short.url, `/v1/checkout_sessions/${first.json.id}`, { key: merchant.secret_key });
      assert.equal(swept.json.status, 'expired');
      assert.deepEqual(swept.json.history.map((h) => [h.event, h.from_status, h.to_status]), [['expire', 'open', 'expired']]);
    } finally {
      await short.stop();
    }
  });

  test("another merchant's session is a 404, the same as one that does not exist", async () => {
    const s = await createSession(edge.url, shop.secret_key);
    const r = await api(edge.url, `/v1/checkout_sessions/${s.id}`, { key: other.secret_key });
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'resource_missing');
    const missing = await api(edge.url, `/v1/checkout_sessions/cs_${'a'.repeat(24)}`, { key: shop.secret_key });
    assert.deepEqual(missing.json, r.json);
  });
});

describe('payments', () => {
  test("a payment is readable by its merchant only, and lists page by cursor", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const s = await createSession(edge.url, shop.secret_key, { amount: 100 + i });
      const r = await confirm(edge.url, s, { card: card('4242 4242 4242 4242') });
      assert.equal(r.status, 200, r.text);
      ids.push(r.json.id);
    }
    const one = await api(edge.url, `/v1/payments/${ids[0]}`, { key: shop.secret_key });
    assert.equal(one.status, 200);
    assert.equal(one.json.status, 'succeeded');
    assert.equal(one.json.card.last4, '4242');
    assert.equal(one.json.card.brand, 'visa');
    assert.match(one.json.card.token, /^tok_/);
    assert.equal((await api(edge.url, `/v1/payments/${ids[0]}`, { key: other.secret_key })).status, 404);

    const page1 = await api(edge.url, '/v1/payments?limit=2', { key: shop.secret_key });
    assert.equal(page1.json.data.length, 2);
    assert.equal(page1.json.has_more, true);
    const page2 = await api(edge.url, `/v1/payments?limit=2&starting_after=${page1.json.data[1].id}`, { key: shop.secret_key });
    const seen = [...page1.json.data, ...page2.json.data].map((p) => p.id);
    for (const id of ids) assert.ok(seen.includes(id));
    assert.equal(new Set(seen).size, seen.length, 'no payment twice across pages');
    assert.equal((await api(edge.url, '/v1/payments', { key: other.secret_key })).json.data.length, 0);
    assert.equal((await api(edge.url, '/v1/payments?limit=0', { key: shop.secret_key })).json.error.code, 'invalid_limit');
    assert.equal((await api(edge.url, '/v1/payments?starting_after=pay_x', { key: shop.secret_key })).json.error.code, 'invalid_cursor');
  });

  test('unknown routes and methods answer JSON errors', async () => {
    const r = await api(edge.url, '/v2/nothing');
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'route_not_found');
    const m = await api(edge.url, '/v1/payments', { method: 'DELETE', key: shop.secret_key });
    assert.equal(m.status, 405);
    assert.equal(m.json.error.code, 'method_not_allowed');
  });
});

describe('the frame page', () => {
  const framePage = async (merchant, acceptLanguage, locale = '') => {
    const origin = merchant.allowed_origins[0];
    const query = new URLSearchParams({ pk: merchant.publishable_key, origin, ...(locale ? { locale } : {}) });
    const r = await fetch(`${edge.url}/v1/frame?${query}`, { headers: { 'Accept-Language': acceptLanguage } });
    assert.equal(r.status, 200);
    return r.text();
  };

  test("is drawn in the merchant's locale, else the browser's language, else English, and says which", async () => {
    const german = await framePage(shop, 'de-DE,de;q=0.9');
    assert.match(german, /<html lang="de" dir="ltr">/);
    assert.match(german, /<label id="number-label" for="number">Kartennummer<\/label>/);
    const unescape = (s) => s.replace(/&(quot|#39|lt|gt|amp);/g, (_, e) => ({ quot: '"', '#39': "'", lt: '<', gt: '>', amp: '&' })[e]);
    const messages = JSON.parse(unescape(german.match(/data-messages="([^"]*)"/)[1]));
    assert.equal(messages.errors.invalid_card_number, 'Ihre Kartennummer ist unvollständig oder ungültig.');
    assert.equal(messages.pay, '{} bezahlen');

    assert.match(await framePage(shop, 'de-DE', 'en-GB'), /<label id="number-label" for="number">Card number<\/label>/, "the merchant's locale wins");
    const french = await framePage(shop, 'fr-FR');
    assert.match(french, /<html lang="fr" dir="ltr">/);
    assert.match(french, /<label id="number-label" for="number">Numéro de carte<\/label>/);
    const arabic = await framePage(shop, 'ar-EG,ar;q=0.9');
    assert.match(arabic, /<html lang="ar" dir="rtl">/, 'Arabic is drawn right to left');
    assert.match(arabic, /<label id="number-label" for="number">رقم البطاقة<\/label>/);
    const korean = await framePage(shop, 'ko-KR');
    assert.match(korean, /<html lang="en" dir="ltr">/, 'a language we lack falls back to English, and the page says English');
    assert.match(korean, /Card number/);
  });

  test('posted by the loader, it arrives with its checkout: the amount on the Pay button, the summary in the page, kept by no cache', async () => {
    const origin = shop.allowed_origins[0];
    const session = await createSession(edge.url, shop.secret_key, { amount: 2500, currency: 'EUR' });
    const post = (fields, headers = {}) => fetch(`${edge.url}/v1/frame`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin, 'Accept-Language': 'de-DE,de;q=0.9', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    const unescape = (s) => s.replace(/&(quot|#39|lt|gt|amp);/g, (_, e) => ({ quot: '"', '#39': "'", lt: '<', gt: '>', amp: '&' })[e]);
    const fields = { pk: shop.publishable_key, origin, client_secret: session.client_secret };

    const r = await post(fields);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store', 'the page holds the secret: nothing caches it');
    assert.match(r.headers.get('content-security-policy'), new RegExp(`frame-ancestors ${origin.replace(/[.]/g, '\\.')};`));
    const html = await r.text();
    // Intl's German amount, as the shopper's browser writes it, before any script runs.
    assert.match(html, /<button id="pay" type="submit" disabled aria-busy="false">25,00\s€ bezahlen<\/button>/);
    const summary = JSON.parse(unescape(html.match(/data-summary="([^"]*)"/)[1]));
    assert.equal(summary.id, session.id);
    assert.equal(summary.amount, 2500);
    assert.equal(summary.currency, 'EUR');
    assert.equal(summary.merchant.name, 'Shop A');
    assert.equal(summary.status, 'open');
    assert.equal(unescape(html.match(/data-secret="([^"]*)"/)[1]), session.client_secret);
    assert.ok(Math.abs(Number(html.match(/data-now="(\d+)"/)[1]) - Date.now() / 1000) < 120, "the edge's clock rides along");
    // The same amount for the widget, which keeps the button's words without formatting again.
    assert.match(unescape(html.match(/data-amount="([^"]*)"/)[1]), /^25,00\s€$/);
    assert.doesNotMatch(html, /data-accounts/);
    assert.match(await (await post({ ...fields, accounts: 'true' })).text(), /data-accounts="true"/);

    // A secret that is not this merchant's, or not a secret at all: the page says why, and holds no secret.
    const theirs = await createSession(edge.url, other.secret_key);
    for (const [secret, code] of [[theirs.client_secret, 'resource_missing'], [`${session.client_secret.slice(0, -4)}AAAA`, 'invalid_client_secret'], ['nonsense', 'invalid_client_secret']]) {
      const page = await (await post({ ...fields, client_secret: secret })).text();
      assert.match(page, new RegExp(`data-error="${code}"`), secret);
      assert.doesNotMatch(page, /data-secret|data-summary/);
      assert.match(page, />Pay<\/button>/);
    }

    // Another page claiming the merchant's origin, a form with a field too many or twice: refused.
    assert.equal((await post(fields, { Origin: 'https://evil.example' })).status, 403);
    assert.equal((await post(fields, { Origin: 'null' })).status, 200, 'a no-referrer page is named null; frame-ancestors still decides');
    assert.equal((await post({ ...fields, origin: 'https://evil.example' }, { Origin: 'https://evil.example' })).status, 403);
    assert.equal((await post({ ...fields, amount: '1' })).status, 400);
    assert.equal((await fetch(`${edge.url}/v1/frame`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin }, body: `${new URLSearchParams(fields)}&pk=${shop.publishable_key}` })).status, 400);
    for (const bad of [{ ...fields, pk: 'pk_test_x' }, { origin, client_secret: session.client_secret }]) {
      const refused = await post(bad);
      assert.equal(refused.status, 400);
      assert.equal(refused.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
    }
    // A secret in an address is never taken.
    const got = await (await fetch(`${edge.url}/v1/frame?${new URLSearchParams(fields)}`)).text();
    assert.doesNotMatch(got, /data-secret|data-summary/);
    assert.doesNotMatch(edge.logs(), new RegExp(session.client_secret.split('_secret_')[1] ?? session.client_secret));
  });
});

test('a method a path does not have is 405 with the methods it does in Allow, even one the runtime does not know (schemathesis ST204/ST205)', async () => {
  for (const [method, path, allow] of [
    ['TRACE', '/v1/checkout_sessions/cs_x', 'GET, POST'],
    ['QUERY', '/health', 'GET'],
    ['QUERY', '/v1/claims/lookup', 'POST'],
    ['PATCH', '/v1/risk/rules', 'GET, PUT'],
    ['DELETE', '/v1/me/passkeys/options', 'POST'],
  ]) {
    // node:http, because fetch refuses TRACE.
    const r = await new Promise((resolve, reject) => {
      request(`${edge.url}${path}`, { method }, (res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => resolve({ status: res.statusCode, allow: res.headers.allow, body }));
      }).on('error', reject).end();
    });
    assert.equal(r.status, 405, `${method} ${path}`);
    assert.equal(r.allow, allow, `${method} ${path}`);
    assert.equal(JSON.parse(r.body).error.code, 'method_not_allowed');
  }
});
