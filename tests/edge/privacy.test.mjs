// What one merchant can learn about a shopper from another merchant's payments: nothing. A guest
// is a stranger at every merchant, so a merchant that makes a session for someone's address (or
// phone number) sees the same answers whether or not that person has trusted devices, passkeys or
// failed codes elsewhere.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { latestCode, outbox } from '../lib/outbox.mjs';
import { Authenticator } from '../lib/webauthn.mjs';
import { api, card, confirm, createSession, newDevice, proof, randomVisa, verify } from '../lib/checkout.mjs';

let edge;
let shopA;
let shopB;

before(async () => {
  edge = await bootEdge({ riskRules: 'default' });
  shopA = await edge.merchant({ name: 'First Shop' });
  shopB = await edge.merchant({ name: 'Curious Shop' });
});
after(() => edge?.stop());

const email = () => `guest-${Math.random().toString(36).slice(2)}@example.com`;
const wrongOf = (code) => (code === '000000' ? '111111' : '000000');
const pay = (session, device, number) => confirm(edge.url, session, { device, card: card(number) });

async function signed(session, device, path, body) {
  const target = `${edge.url}/v1/checkout_sessions/${session.id}/${path}`;
  return api(edge.url, `/v1/checkout_sessions/${session.id}/${path}`, { method: 'POST', body, headers: { DPoP: await proof(device, 'POST', target) } });
}

/** A guest who paid at the first shop after a code, and registered a passkey there. */
async function knownAtFirstShop(to) {
  const device = await newDevice();
  const number = randomVisa();
  const session = await createSession(edge.url, shopA.secret_key, { shopper: { email: to } });
  assert.equal((await pay(session, device, number)).json.next_action.type, 'otp');
  assert.equal((await verify(edge.url, session, device, await latestCode(edge.url, to), { number })).json.status, 'succeeded');
  const authenticator = new Authenticator();
  const options = await signed(session, device, 'passkeys/options', { client_secret: session.client_secret });
  const created = await signed(session, device, 'passkeys', { client_secret: session.client_secret, credential: authenticator.create(options.json, edge.url) });
  assert.equal(created.status, 201, created.text);
  // At the first shop, the device is trusted now, and another device is offered the passkey.
  const again = await createSession(edge.url, shopA.secret_key, { shopper: { email: to } });
  assert.equal((await pay(again, device, randomVisa())).json.status, 'succeeded');
  const elsewhere = await createSession(edge.url, shopA.secret_key, { shopper: { email: to } });
  assert.equal((await pay(elsewhere, await newDevice(), randomVisa())).json.next_action.type, 'passkey');
  return { device };
}

describe('a guest is a stranger at every other merchant', () => {
  test('another merchant sees no trusted device and no passkey', async () => {
    const to = email();
    const { device } = await knownAtFirstShop(to);
    const stranger = await createSession(edge.url, shopB.secret_key, { shopper: { email: to } });
    const r = await pay(stranger, device, randomVisa());
    assert.equal(r.json.status, 'requires_action', 'the device trusted at the first shop is new here');
    assert.equal(r.json.next_action.type, 'otp', 'no passkey is offered, so none is revealed');
    assert.equal(r.json.next_action.public_key, undefined);
    // The session the second merchant reads says no more than that a code was sent.
    const seen = (await api(edge.url, `/v1/checkout_sessions/${stranger.id}`, { key: shopB.secret_key })).text;
    assert.ok(!seen.includes('passkey') && !seen.includes(shopA.id), seen);
    // Nor may it ask for the first shop's passkey by name.
    const options = await signed(stranger, device, 'passkeys/options', { client_secret: stranger.client_secret });
    assert.equal(options.json.error.code, 'step_up_required');
  });

  test('codes failed at one merchant do not block or reveal the shopper at another', async () => {
    const to = email();
    for (let round = 0; round < 3; round++) {
      const s = await createSession(edge.url, shopA.secret_key, { shopper: { email: to } });
      const device = await newDevice();
      const number = randomVisa();
      const r = await pay(s, device, number);
      if (r.json.status !== 'requires_action') break;
      const code = await latestCode(edge.url, to);
      for (let i = 0; i < 2; i++) await verify(edge.url, s, device, wrongOf(code), { number });
    }
    const blocked = await pay(await createSession(edge.url, shopA.secret_key, { shopper: { email: to } }), await newDevice(), randomVisa());
    assert.equal(blocked.json.error.code, 'shopper_blocked');

    const sent = (await outbox(edge.url, to)).length;
    const other = await createSession(edge.url, shopB.secret_key, { shopper: { email: to } });
    const r = await pay(other, await newDevice(), randomVisa());
    assert.equal(r.json.status, 'requires_action', JSON.stringify(r.json));
    assert.equal(r.json.next_action.type, 'otp');
    assert.equal((await outbox(edge.url, to)).length, sent + 1, 'the second merchant\'s shopper gets a code as anyone would');
  });

  test('the phone number\'s send limit still holds across merchants', async () => {
    const phone = `+1415555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;
    const answers = [];
    for (let i = 0; i < 12; i++) {
      const shop = i % 2 ? shopA : shopB;
      const s = await createSession(edge.url, shop.secret_key, { shopper: { phone } });
      answers.push((await pay(s, await newDevice(), randomVisa())).json);
    }
    const sent = answers.filter((a) => a.status === 'requires_action').length;
    assert.equal(sent, 10, answers.map((a) => a.status ?? a.error.code).join(', '));
    assert.equal(answers.at(-1).error.code, 'destination_rate_limited');
  });
});
