// Saving a guest payment's card to a personal account, over HTTP in workerd: only the device that
// just paid gets the single-use offer, only an account that proved its phone may redeem it, the
// merchant never learns of it, and removing the card (or the account) removes its number.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, card, confirm, createSession, newDevice, proof, randomVisa } from '../lib/checkout.mjs';
import { addPhone, shopperBrowser } from '../lib/shopper.mjs';

let edge;
let shop;

before(async () => {
  edge = await bootEdge();
  shop = await edge.merchant({ name: 'Card Shop' });
});
after(() => edge?.stop());

const email = () => `saver-${Math.random().toString(36).slice(2)}@example.com`;
const phone = () => `+4477009${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`;

/** A guest payment from a fresh device: the session, the device and the card number. */
async function guestPayment() {
  const session = await createSession(edge.url, shop.secret_key, { shopper: { email: email() } });
  const device = await newDevice();
  const number = randomVisa();
  const paid = await confirm(edge.url, session, { device, card: card(number) });
  assert.equal(paid.json.status, 'succeeded', paid.text);
  return { session, device, number };
}

async function offerFor(session, device) {
  const target = `${edge.url}/v1/checkout_sessions/${session.id}/save_card`;
  return api(edge.url, `/v1/checkout_sessions/${session.id}/save_card`, { method: 'POST', body: { client_secret: session.client_secret }, headers: { DPoP: await proof(device, 'POST', target) } });
}

async function account({ withPhone = true } = {}) {
  const b = shopperBrowser(edge.url);
  assert.equal((await b.signIn(email())).status, 200);
  if (withPhone) await addPhone(edge.url, b, phone());
  return b;
}

describe('saved cards', () => {
  test('the device that paid saves its card once; the account lists it without its number', async () => {
    const { session, device, number } = await guestPayment();
    const offer = await offerFor(session, device);
    assert.equal(offer.status, 201, offer.text);
    assert.match(offer.json.offer, /^cso_/);
    assert.equal(offer.json.card.last4, number.slice(-4));

    const b = await account();
    const saved = await b.call('POST', '/v1/me/cards', { offer: offer.json.offer });
    assert.equal(saved.status, 201, saved.text);
    assert.equal(saved.json.last4, number.slice(-4));
    assert.ok(!saved.text.includes(number), 'never the number');
    assert.equal((await b.call('POST', '/v1/me/cards', { offer: offer.json.offer })).json.error.code, 'link_invalid', 'an offer works once');
    const list = (await b.call('GET', '/v1/me/cards')).json.data;
    assert.equal(list.length, 1);
    const exported = await b.call('GET', '/v1/me/export');
    assert.equal(exported.json.saved_cards[0].id, saved.json.id);
    assert.ok(!exported.text.includes(number));
    assert.ok((await b.call('GET', '/v1/me/activity')).json.data.some((a) => a.type === 'card_saved'));

    // The merchant sees its payment as before, and nothing of the account.
    const payment = (await api(edge.url, `/v1/payments?limit=100`, { key: shop.secret_key })).json.data.find((p) => p.checkout_session === session.id);
    assert.ok(payment);
    assert.ok(!JSON.stringify(payment).includes('sc_') && !JSON.stringify(payment).includes('sa_'));

    assert.equal((await b.call('DELETE', `/v1/me/cards/${saved.json.id}`)).status, 200);
    assert.deepEqual((await b.call('GET', '/v1/me/cards')).json.data, []);
    assert.equal((await b.call('DELETE', `/v1/me/cards/${saved.json.id}`)).json.error.code, 'card_missing');
  });

  test('another device, an unpaid session and an account without a proved phone get nothing', async () => {
    const { session, device } = await guestPayment();
    assert.equal((await offerFor(session, await newDevice())).json.error.code, 'save_not_offered', 'not the device that paid');
    const open = await createSession(edge.url, shop.secret_key);
    assert.equal((await offerFor(open, device)).json.error.code, 'save_not_offered', 'nothing paid yet');
    const wrongSecret = await api(edge.url, `/v1/checkout_sessions/${session.id}/save_card`, {
      method: 'POST', body: { client_secret: open.client_secret }, headers: { DPoP: await proof(device, 'POST', `${edge.url}/v1/checkout_sessions/${session.id}/save_card`) },
    });
    assert.notEqual(wrongSecret.status, 201, 'another session\'s secret');

    const offer = (await offerFor(session, device)).json.offer;
    const emailOnly = await account({ withPhone: false });
    assert.equal((await emailOnly.call('POST', '/v1/me/cards', { offer })).json.error.code, 'capability_locked');
    // The refusal did not use the offer up: the account that may save it still can.
    const b = await account();
    assert.equal((await b.call('POST', '/v1/me/cards', { offer })).status, 201);
    assert.equal((await b.call('POST', '/v1/me/cards', { offer: 'cso_forged' })).json.error.code, 'link_invalid');
  });

  test('deleting the account removes its saved cards', async () => {
    const { session, device } = await guestPayment();
    const to = email();
    const b = shopperBrowser(edge.url);
    await b.signIn(to);
    await addPhone(edge.url, b, phone());
    assert.equal((await b.call('POST', '/v1/me/cards', { offer: (await offerFor(session, device)).json.offer })).status, 201);
    assert.equal((await b.call('DELETE', '/v1/me')).status, 200);
    const again = shopperBrowser(edge.url);
    await again.signIn(to);
    assert.deepEqual((await again.call('GET', '/v1/me/cards')).json.data, [], 'a new account of the same address has none');
    // The merchant's own payment and its vault entry stay the merchant's.
    const payment = (await api(edge.url, `/v1/payments?limit=100`, { key: shop.secret_key })).json.data.find((p) => p.checkout_session === session.id);
    assert.equal(payment.status, 'succeeded');
  });
});
