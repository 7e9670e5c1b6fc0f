// A personal account paying in another merchant's card frame, over HTTP in workerd: the passkey
// answers a challenge bound to the session, the frame's device key, the amount and the payee; a
// saved card pays with nothing typed. Tried as an attacker would: replayed or transplanted
// assertions, another device, a changed amount, another account's card, a revoked device, a
// removed passkey, an amount over the limit. The merchant learns nothing of the account.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { outbox } from '../lib/outbox.mjs';
import { Authenticator } from '../lib/webauthn.mjs';
import { api, browser, card, confirm, createSession, newDevice, proof, randomVisa } from '../lib/checkout.mjs';
import { addPhone, shopperBrowser } from '../lib/shopper.mjs';

let edge;
let first;
let second;

before(async () => {
  edge = await bootEdge();
  first = await edge.merchant({ name: 'First Books' });
  second = await edge.merchant({ name: 'Second Records' });
});
after(() => edge?.stop());

const email = () => `payer-${Math.random().toString(36).slice(2)}@example.com`;
const phone = () => `+4477009${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`;

async function frame(session, device, path, body) {
  const target = `${edge.url}/v1/checkout_sessions/${session.id}/${path}`;
  return api(edge.url, `/v1/checkout_sessions/${session.id}/${path}`, { method: 'POST', body: { client_secret: session.client_secret, ...body }, headers: { DPoP: await proof(device, 'POST', target) } });
}

/** A shopper who paid at the first shop as a guest, saved the card and has a passkey. */
async function shopperWithSavedCard() {
  const to = email();
  const session = await createSession(edge.url, first.secret_key, { shopper: { email: to } });
  const device = await newDevice();
  const number = randomVisa();
  assert.equal((await confirm(edge.url, session, { device, card: card(number) })).json.status, 'succeeded');
  const offer = (await frame(session, device, 'save_card')).json.offer;
  const b = shopperBrowser(edge.url);
  await b.signIn(to);
  await addPhone(edge.url, b, phone());
  const saved = (await b.call('POST', '/v1/me/cards', { offer })).json;
  const authenticator = new Authenticator();
  const options = (await b.call('POST', '/v1/me/passkeys/options', { purpose: 'register' })).json;
  assert.equal((await b.call('POST', '/v1/me/passkeys', { credential: authenticator.create(options, edge.url) })).status, 201);
  return { to, b, saved, number, authenticator };
}

/** Signs the account in inside `session`'s frame on `device`. */
async function signInFrame(session, device, authenticator, wrong) {
  const options = (await frame(session, device, 'account/options')).json.publicKey;
  return frame(session, device, 'account/sign_in', { credential: authenticator.get(options, edge.url, wrong) });
}

describe('paying with a personal account in any card frame', () => {
  test('the passkey signs in, a saved card pays, nothing is typed, the merchant learns nothing', async () => {
    const { to, b, saved, number, authenticator } = await shopperWithSavedCard();
    const session = await createSession(edge.url, second.secret_key, { amount: 4200 });
    const device = await newDevice();
    const signedIn = await signInFrame(session, device, authenticator);
    assert.equal(signedIn.status, 200, signedIn.text);
    assert.deepEqual(signedIn.json.cards.map((c) => c.id), [saved.id]);
    assert.equal(signedIn.json.within_limit, true);
    assert.match(signedIn.json.account.email_masked, /\*\*\*@example\.com$/);
    assert.ok(!signedIn.text.includes(number));

    const paid = await frame(session, device, 'account/pay', { card: saved.id, browser });
    assert.equal(paid.status, 200, paid.text);
    assert.equal(paid.json.status, 'succeeded');

    // The second merchant sees a payment like any other: its own, with no account in it.
    const seen = (await api(edge.url, '/v1/payments?limit=100', { key: second.secret_key })).json.data.find((p) => p.checkout_session === session.id);
    assert.equal(seen.card.last4, number.slice(-4));
    const text = JSON.stringify(seen) + (await api(edge.url, `/v1/checkout_sessions/${session.id}`, { key: second.secret_key })).text;
    for (const secret of [to, saved.id, 'sa_', 'First Books']) assert.ok(!text.includes(secret), `the merchant does not see ${secret}`);
    // Nor does the first merchant see this payment.
    assert.ok(!(await api(edge.url, '/v1/payments?limit=100', { key: first.secret_key })).json.data.some((p) => p.checkout_session === session.id));

    // The shopper sees it, and was told of the new device.
    const activity = (await b.call('GET', '/v1/me/activity')).json.data;
    assert.ok(activity.some((a) => a.type === 'payment' && a.detail.merchant === 'Second Records' && a.detail.amount === 4200));
    assert.match((await outbox(edge.url, to))[0].body, /new device/);
  });

  test('replayed, transplanted and foreign assertions, other devices and changed amounts get nothing', async () => {
    const { saved, authenticator } = await shopperWithSavedCard();
    const session = await createSession(edge.url, second.secret_key, { amount: 1500 });
    const device = await newDevice();
    const options = (await frame(session, device, 'account/options')).json.publicKey;
    const assertion = authenticator.get(options, edge.url);
    assert.equal((await frame(session, device, 'account/sign_in', { credential: assertion })).status, 200);
    assert.equal((await frame(session, device, 'account/sign_in', { credential: assertion })).status, 401, 'replayed');

    // The challenge belongs to its session and device.
    const other = await createSession(edge.url, second.secret_key, { amount: 1500 });
    const otherOptions = (await frame(session, device, 'account/options')).json.publicKey;
    assert.equal((await frame(other, device, 'account/sign_in', { credential: authenticator.get(otherOptions, edge.url) })).status, 401, 'another session');
    const thief = await newDevice();
    const theirs = (await frame(session, device, 'account/options')).json.publicKey;
    assert.equal((await frame(session, thief, 'account/sign_in', { credential: authenticator.get(theirs, edge.url) })).status, 401, 'another device');
    assert.equal((await signInFrame(session, device, authenticator, { origin: 'https://evil.example' })).status, 401, 'another origin');
    assert.equal((await signInFrame(session, device, new Authenticator())).json.error.code, 'unknown_passkey');

    // Signed in on one device, paying from another is nobody's payment.
    assert.equal((await frame(session, thief, 'account/pay', { card: saved.id, browser })).json.error.code, 'account_not_signed_in');
    // The merchant changes the amount after the sign-in: the assertion approved the old one.
    assert.equal((await api(edge.url, `/v1/checkout_sessions/${session.id}`, { method: 'POST', key: second.secret_key, body: { amount: 99000 } })).status, 200);
    assert.equal((await frame(session, device, 'account/pay', { card: saved.id, browser })).json.error.code, 'account_not_signed_in');
    const payments = (await api(edge.url, '/v1/payments?limit=100', { key: second.secret_key })).json.data.filter((p) => p.checkout_session === session.id);
    assert.equal(payments.length, 0, 'no processor call');
  });

  test('another account\'s card, an amount over the limit, a revoked device and a removed passkey are refused', async () => {
    const alice = await shopperWithSavedCard();
    const bob = await shopperWithSavedCard();
    const session = await createSession(edge.url, second.secret_key, { amount: 2000 });
    const device = await newDevice();
    assert.equal((await signInFrame(session, device, alice.authenticator)).status, 200);
    assert.equal((await frame(session, device, 'account/pay', { card: bob.saved.id, browser })).json.error.code, 'card_missing');

    const big = await createSession(edge.url, second.secret_key, { amount: 150000, currency: 'EUR' });
    const signed = await signInFrame(big, device, alice.authenticator);
    assert.equal(signed.json.within_limit, false);
    assert.equal((await frame(big, device, 'account/pay', { card: alice.saved.id, browser })).json.error.code, 'amount_over_account_limit');

    // Alice revokes the frame's device in her account: it is refused from then on.
    const devices = (await alice.b.call('GET', '/v1/me/devices')).json.data;
    const frameDevice = devices.find((d) => d.kind === 'card_frame');
    assert.ok(frameDevice, JSON.stringify(devices));
    assert.equal((await alice.b.call('POST', `/v1/me/devices/${encodeURIComponent(frameDevice.id)}/revoke`)).status, 200);
    const later = await createSession(edge.url, second.secret_key, { amount: 2000 });
    assert.equal((await signInFrame(later, device, alice.authenticator)).json.error.code, 'device_revoked');
    assert.equal((await frame(session, device, 'account/pay', { card: alice.saved.id, browser })).json.error.code, 'device_revoked', 'even with a sign-in from before');

    // Bob removes his passkey: it signs in nowhere.
    const [key] = (await bob.b.call('GET', '/v1/me/passkeys')).json.data;
    assert.equal((await bob.b.call('DELETE', `/v1/me/passkeys/${key.id}`)).status, 200);
    assert.equal((await signInFrame(later, await newDevice(), bob.authenticator)).json.error.code, 'unknown_passkey');
  });
});
