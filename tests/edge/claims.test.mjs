// Payer rights over HTTP, in workerd: the receipt after a payment (in the shopper's language,
// naming merchant, amount, date and how to complain), an unauthorised-payment claim from its
// link or from the account with the deadline of the payer's region (end of the next German
// business day, across weekends and holidays), the merchant's refund or documented rejection;
// trusted merchants (RTS Art. 13) from the account; deletion requests with what the law keeps.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { outbox } from '../lib/outbox.mjs';
import { Authenticator } from '../lib/webauthn.mjs';
import { api, browser, card, confirm, createSession, newDevice, proof, randomVisa } from '../lib/checkout.mjs';
import { addPhone, shopperBrowser } from '../lib/shopper.mjs';

let edge;
let shop;
let other;

before(async () => {
  edge = await bootEdge();
  shop = await edge.merchant({ name: 'Kaffeerösterei Nord' });
  other = await edge.merchant({ name: 'Elsewhere Ltd' });
});
after(() => edge?.stop());

const email = () => `payer-${Math.random().toString(36).slice(2)}@example.com`;
const from = (place) => ({ 'X-Tessera-Dev-Country': place });
const at = (iso) => ({ 'X-Tessera-Dev-Now': String(Date.parse(iso) / 1000) });

/** A payment of 20 EUR from `place`, in `language`; its receipt as the outbox has it. */
async function paid(to, { place = 'DE', language = 'en-GB', amount = 2000, merchant = shop } = {}) {
  const s = await createSession(edge.url, merchant.secret_key, { amount, currency: 'EUR', shopper: { email: to } });
  const r = await confirm(edge.url, s, { card: card(randomVisa()), browser: { ...browser, browserLanguage: language }, headers: from(place) });
  assert.equal(r.json.status, 'succeeded', r.text);
  const [receipt] = await outbox(edge.url, to);
  return { session: s, payment: r.json.payment?.id ?? r.json.id, receipt };
}

const tokenOf = (receipt) => receipt.body.match(/\/claim\/#t=([A-Za-z0-9_.-]+)/)[1];
const report = (token, description, headers = {}) => api(edge.url, '/v1/claims', { method: 'POST', body: { token, description }, headers });

describe('receipts', () => {
  test('a receipt in the shopper\'s language names the merchant, the amount, the date and how to complain', async () => {
    const to = email();
    const { receipt, payment } = await paid(to, { language: 'de-DE' });
    assert.equal(receipt.subject, 'Ihre Zahlung an Kaffeerösterei Nord');
    assert.match(receipt.body, /Betrag: EUR 20\.00/);
    assert.match(receipt.body, /Datum: \d{4}-\d{2}-\d{2}T/);
    assert.match(receipt.body, new RegExp(`Referenz: ${payment}`));
    assert.match(receipt.body, /an die Bank wenden, die Ihre Karte ausgegeben hat/);
    assert.match(receipt.body, /\/claim\/#t=/, 'the link to report it, its token in the fragment');
    const english = (await paid(email(), { language: 'en-US' })).receipt;
    assert.equal(english.subject, 'Your payment to Kaffeerösterei Nord');
  });
});

describe('unauthorised-payment claims', () => {
  test('a German payer reports from the receipt; the deadline is the end of the next German business day', async () => {
    const to = email();
    const { receipt, payment } = await paid(to);
    const token = tokenOf(receipt);
    const seen = await api(edge.url, '/v1/claims/lookup', { method: 'POST', body: { token } });
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.json.merchant.name, 'Kaffeerösterei Nord');
    assert.equal(seen.json.payment.amount, 2000);
    assert.equal(seen.json.claim, null);
    // Thursday 24 December 2026, noon: Christmas Day and Boxing Day, then Sunday: due Monday 28th,
    // 23:59:59 in Berlin.
    const claim = await report(token, 'I never bought coffee from this shop.', at('2026-12-24T12:00:00Z'));
    assert.equal(claim.status, 201, claim.text);
    assert.equal(claim.json.status, 'open');
    assert.equal(claim.json.payment, payment);
    assert.equal(claim.json.due_at, Date.parse('2026-12-28T22:59:59Z') / 1000);
    assert.equal(claim.json.policy.region, 'de');
    assert.equal(claim.json.policy.rule, 'de.claims.next_german_business_day');
    const again = await report(token, 'Reporting it a second time, just in case.');
    assert.equal(again.status, 200, 'one open claim per payment');
    assert.equal(again.json.id, claim.json.id);

    const second = await paid(email());
    // Friday 4 December 2026, 22:30 UTC is already Saturday in Berlin: due Monday 7th.
    const weekend = await report(tokenOf(second.receipt), 'Not me: my card was stolen last week.', at('2026-12-04T23:30:00Z'));
    assert.equal(weekend.json.due_at, Date.parse('2026-12-07T22:59:59Z') / 1000);
    const us = await paid(email(), { place: 'US-TX' });
    const far = await report(tokenOf(us.receipt), 'I do not know this merchant at all.', at('2026-12-02T12:00:00Z'));
    assert.equal(far.json.policy.rule, 'us.claims.10_business_days');
    assert.equal(far.json.due_at, Date.parse('2026-12-16T23:59:59Z') / 1000, 'ten weekdays, no statutory deadline');
  });

  test('bad links and bad text change nothing', async () => {
    const { receipt } = await paid(email());
    const token = tokenOf(receipt);
    const forged = token.replace(/^pay_[a-z0-9]+/, 'pay_aaaaaaaaaaaaaaaaaaaaaaaa');
    for (const bad of [forged, 'pay_x', '', token.slice(0, -2)]) {
      const r = await report(bad, 'I never made this payment.');
      assert.equal(r.status, 404, bad);
      assert.equal(r.json.error.code, 'link_invalid');
    }
    const short = await report(token, 'no');
    assert.equal(short.status, 400);
    assert.equal(short.json.error.code, 'invalid_claim_text');
    assert.equal((await api(edge.url, '/v1/claims/lookup', { method: 'POST', body: { token } })).json.claim, null, 'nothing was opened');
    assert.equal((await api(edge.url, '/v1/claims', { method: 'POST', body: { token, description: 'x'.repeat(20), extra: 1 } })).json.error.code, 'invalid_json');
  });

  test('the merchant sees the claim with its deadline and refunds it, or rejects it with reasons', async () => {
    const a = await paid(email());
    const claim = (await report(tokenOf(a.receipt), 'Somebody used my card without me.')).json;
    const list = await api(edge.url, '/v1/claims?status=open', { key: shop.secret_key });
    assert.ok(list.json.data.some((c) => c.id === claim.id && c.due_at === claim.due_at));
    assert.equal((await api(edge.url, `/v1/claims/${claim.id}`, { key: other.secret_key })).status, 404, 'another merchant never sees it');
    assert.equal((await api(edge.url, `/v1/claims/${claim.id}/refund`, { method: 'POST', key: other.secret_key })).status, 404);
    const refunded = await api(edge.url, `/v1/claims/${claim.id}/refund`, { method: 'POST', key: shop.secret_key });
    assert.equal(refunded.status, 200, refunded.text);
    assert.equal(refunded.json.status, 'refunded');
    assert.match(refunded.json.refund, /^re_/);
    const payment = await api(edge.url, `/v1/payments/${a.payment}`, { key: shop.secret_key });
    assert.equal(payment.json.amount_refunded, 2000);
    const twice = await api(edge.url, `/v1/claims/${claim.id}/reject`, { method: 'POST', key: shop.secret_key, body: { explanation: 'Changed my mind about this one.' } });
    assert.equal(twice.status, 409);
    assert.equal(twice.json.error.code, 'claim_already_resolved');

    const b = await paid(email());
    const second = (await report(tokenOf(b.receipt), 'I did not order anything.')).json;
    const vague = await api(edge.url, `/v1/claims/${second.id}/reject`, { method: 'POST', key: shop.secret_key, body: { explanation: 'no' } });
    assert.equal(vague.json.error.code, 'invalid_claim_text', 'a rejection says why');
    const rejected = await api(edge.url, `/v1/claims/${second.id}/reject`, { method: 'POST', key: shop.secret_key, body: { explanation: 'Delivered to the cardholder\'s address, signed for on 3 December.' } });
    assert.equal(rejected.json.status, 'rejected');
    const shopper = await api(edge.url, '/v1/claims/lookup', { method: 'POST', body: { token: tokenOf(b.receipt) } });
    assert.equal(shopper.json.claim.explanation, 'Delivered to the cardholder\'s address, signed for on 3 December.', 'the shopper reads the reasons');
  });
});

async function frame(session, device, path, body) {
  const target = `${edge.url}/v1/checkout_sessions/${session.id}/${path}`;
  return api(edge.url, `/v1/checkout_sessions/${session.id}/${path}`, { method: 'POST', body: { client_secret: session.client_secret, ...body }, headers: { DPoP: await proof(device, 'POST', target) } });
}

/** A shopper with a personal account, a phone, a saved card and a passkey. */
async function accountHolder() {
  const to = email();
  const session = await createSession(edge.url, other.secret_key, { shopper: { email: to } });
  const device = await newDevice();
  assert.equal((await confirm(edge.url, session, { device, card: card(randomVisa()) })).json.status, 'succeeded');
  const offer = (await frame(session, device, 'save_card')).json.offer;
  const b = shopperBrowser(edge.url);
  await b.signIn(to);
  await addPhone(edge.url, b, `+4477009${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`);
  const saved = (await b.call('POST', '/v1/me/cards', { offer })).json;
  const authenticator = new Authenticator();
  const options = (await b.call('POST', '/v1/me/passkeys/options', { purpose: 'register' })).json;
  assert.equal((await b.call('POST', '/v1/me/passkeys', { credential: authenticator.create(options, edge.url) })).status, 201);
  return { to, b, saved, authenticator };
}

/** The account pays `merchant` in its frame with the saved card. */
async function accountPays(holder, merchant, amount = 3000) {
  const session = await createSession(edge.url, merchant.secret_key, { amount, currency: 'EUR' });
  const device = await newDevice();
  const options = (await frame(session, device, 'account/options')).json.publicKey;
  const signed = await frame(session, device, 'account/sign_in', { credential: holder.authenticator.get(options, edge.url) });
  assert.equal(signed.status, 200, signed.text);
  const paidNow = await frame(session, device, 'account/pay', { card: holder.saved.id, browser });
  return { session, device, paid: paidNow };
}

describe('the personal account', () => {
  test('a payment the account made can be reported from the account; others cannot', async () => {
    const holder = await accountHolder();
    const { paid: r } = await accountPays(holder, shop);
    assert.equal(r.status, 200, r.text);
    const payment = r.json.payment?.id ?? r.json.id;
    const claim = await holder.b.call('POST', `/v1/me/payments/${payment}/claim`, { description: 'My partner used my account without asking.' });
    assert.equal(claim.status, 201, claim.text);
    assert.equal(claim.json.via, 'account');
    const stranger = await paid(email());
    assert.equal((await holder.b.call('POST', `/v1/me/payments/${stranger.payment}/claim`, { description: 'Not mine, but let me try anyway.' })).status, 404);
  });

  test('trusting a merchant needs a fresh passkey sign-in; then a guest checkout there skips SCA', async () => {
    const holder = await accountHolder();
    assert.equal((await accountPays(holder, shop)).paid.status, 200);
    const listed = (await holder.b.call('GET', '/v1/me/trusted_merchants')).json;
    assert.ok(listed.paid.some((m) => m.id === shop.id), 'the merchants it paid can be added');
    const byCode = await holder.b.call('POST', '/v1/me/trusted_merchants', { merchant: shop.id });
    assert.equal(byCode.status, 403, 'an email-code sign-in is not strong enough to change the list');
    assert.equal(byCode.json.error.code, 'reauthentication_required');
    const fresh = shopperBrowser(edge.url);
    const options = (await fresh.call('POST', '/v1/me/passkeys/options', { purpose: 'sign_in' })).json.publicKey;
    assert.equal((await fresh.call('POST', '/v1/me/passkeys/sign_in', { credential: holder.authenticator.get(options, edge.url) })).status, 200);
    assert.equal((await fresh.call('POST', '/v1/me/trusted_merchants', { merchant: 'mer_neverpaidneverpaid' })).status, 404, 'only a merchant it paid');
    assert.equal((await fresh.call('POST', '/v1/me/trusted_merchants', { merchant: shop.id })).status, 201);
    assert.ok((await fresh.call('GET', '/v1/me/trusted_merchants')).json.data.some((m) => m.id === shop.id));

    // A guest checkout with the account's email at the trusted merchant, 50 EUR from France.
    const s = await createSession(edge.url, shop.secret_key, { amount: 5000, currency: 'EUR', shopper: { email: holder.to } });
    const r = await confirm(edge.url, s, { card: card(randomVisa()), headers: from('FR') });
    assert.equal(r.json.status, 'succeeded', r.text);
    const [d] = (await api(edge.url, `/v1/checkout_sessions/${s.id}`, { key: shop.secret_key })).json.risk_decisions;
    assert.equal(d.sca.exemption, 'trusted_beneficiary');
    assert.equal(d.sca.article, 'RTS (EU) 2018/389 Art. 13');
    const untrusted = await createSession(edge.url, other.secret_key, { amount: 5000, currency: 'EUR', shopper: { email: holder.to } });
    assert.equal((await confirm(edge.url, untrusted, { card: card(randomVisa()), headers: from('FR') })).json.status, 'requires_action', 'another merchant is not trusted');
    assert.equal((await fresh.call('DELETE', `/v1/me/trusted_merchants/${shop.id}`)).status, 200);
    const removed = await createSession(edge.url, shop.secret_key, { amount: 5000, currency: 'EUR', shopper: { email: holder.to } });
    assert.equal((await confirm(edge.url, removed, { card: card(randomVisa()), headers: from('FR') })).json.status, 'requires_action');
  });
});

describe('deletion requests', () => {
  test('the operator erases a person: devices, passkeys and consents go, payments and decisions stay with their reasons', async () => {
    const to = email();
    const { session, payment } = await paid(to);
    const r = await api(edge.url, '/v1/operator/deletion_requests', { method: 'POST', key: edge.secrets.ADMIN_TOKEN, body: { email: to } });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.id, /^del_/);
    assert.equal(r.json.erased.personal_account, false);
    assert.ok(r.json.erased.devices >= 1);
    assert.deepEqual(r.json.kept.map((k) => [k.category, k.reason]), [['payments', 'legal_obligation'], ['risk_decisions', 'fraud_prevention'], ['claims', 'legal_claims']]);
    assert.ok(!JSON.stringify(r.json).includes(to), 'the record does not keep the address');
    assert.equal((await api(edge.url, `/v1/payments/${payment}`, { key: shop.secret_key })).status, 200, 'the merchant keeps its record');
    assert.equal((await api(edge.url, `/v1/checkout_sessions/${session.id}`, { key: shop.secret_key })).json.risk_decisions.length, 1);
    assert.equal((await api(edge.url, '/v1/operator/deletion_requests', { method: 'POST', key: shop.secret_key, body: { email: to } })).status, 401);
    assert.equal((await api(edge.url, '/v1/operator/deletion_requests', { method: 'POST', key: edge.secrets.ADMIN_TOKEN, body: { email: 'not an address' } })).json.error.code, 'invalid_email');
  });

  test('an address with LIKE\'s wildcards erases only itself', async () => {
    const tag = Math.random().toString(36).slice(2);
    const target = `a_b-${tag}@example.com`;
    const bystander = `aXb-${tag}@example.com`;
    await paid(target);
    await paid(bystander);
    const r = await api(edge.url, '/v1/operator/deletion_requests', { method: 'POST', key: edge.secrets.ADMIN_TOKEN, body: { email: target } });
    assert.equal(r.json.erased.devices, 1, 'the address\'s own device, not its look-alike\'s');
    const again = await api(edge.url, '/v1/operator/deletion_requests', { method: 'POST', key: edge.secrets.ADMIN_TOKEN, body: { email: bystander } });
    assert.equal(again.json.erased.devices, 1, 'the look-alike still had its device');
  });

  test('deleting an account records the request too', async () => {
    const holder = await accountHolder();
    const gone = await holder.b.call('DELETE', '/v1/me');
    assert.equal(gone.status, 200, gone.text);
    assert.equal(gone.json.deletion_request.erased.personal_account, true);
    assert.equal(gone.json.deletion_request.via, 'account');
  });
});
