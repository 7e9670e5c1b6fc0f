// Passkey step-up over HTTP with a software authenticator: register after a code step-up, then
// pay from another device of the same shopper with the passkey. Every part of an assertion that
// WebAuthn Level 3 §7.2 checks is broken once and must be refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { codeIn, codesTo } from '../lib/outbox.mjs';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { Authenticator } from '../lib/webauthn.mjs';
import { api, browser, card, confirm, createSession, edgeKey, encryptCard, newDevice, proof, randomVisa } from '../lib/checkout.mjs';

let edge;
let shop;
let origin;
const to = 'grace@example.com';
const authenticator = new Authenticator();

before(async () => {
  edge = await bootEdge({ riskRules: 'default' });
  shop = await edge.merchant({ name: 'Passkey Shop' });
  origin = edge.url;
});
after(() => edge?.stop());

async function signed(session, device, path, body) {
  const target = `${edge.url}/v1/checkout_sessions/${session.id}/${path}`;
  return api(edge.url, `/v1/checkout_sessions/${session.id}/${path}`, { method: 'POST', body, headers: { DPoP: await proof(device, 'POST', target) } });
}

async function verifyWith(session, device, extra) {
  const jwe = await encryptCard((await edgeKey(edge.url)).jwk, session.id, card(session.pan ?? '4242424242424242'));
  return signed(session, device, 'verify', { client_secret: session.client_secret, card: jwe, browser, ...extra });
}

/** A new session from a new device of the same shopper, up to the passkey step-up. */
async function passkeyStepUp() {
  // A card of its own each time, so the card-velocity rule does not step in.
  const session = { ...(await createSession(edge.url, shop.secret_key, { shopper: { email: to } })), pan: randomVisa() };
  const device = await newDevice();
  const r = await confirm(edge.url, session, { device, card: card(session.pan) });
  assert.equal(r.json.status, 'requires_action', r.text);
  assert.equal(r.json.next_action.type, 'passkey');
  return { session, device, options: r.json.next_action.public_key };
}

describe('passkeys', () => {
  test('registration needs a code step-up first, then a passkey pays from another device', async () => {
    const session = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    const device = await newDevice();
    const early = await signed(session, device, 'passkeys/options', { client_secret: session.client_secret });
    assert.equal(early.status, 409);
    assert.equal(early.json.error.code, 'step_up_required');

    assert.equal((await confirm(edge.url, session, { device, card: card('4242424242424242') })).json.next_action.type, 'otp');
    const { messages } = (await api(edge.url, `/dev/outbox?to=${to}`)).json;
    const code = codeIn(messages[0].body);
    assert.equal((await verifyWith(session, device, { code })).status, 200);

    const options = await signed(session, device, 'passkeys/options', { client_secret: session.client_secret });
    assert.equal(options.status, 200, options.text);
    const pk = options.json.publicKey;
    assert.equal(pk.rp.id, '127.0.0.1');
    assert.deepEqual(pk.pubKeyCredParams, [{ type: 'public-key', alg: -7 }]);
    assert.equal(pk.authenticatorSelection.userVerification, 'required');
    assert.ok(!JSON.stringify(pk.user.id).includes('grace'), 'the user handle does not reveal the shopper');
    const created = await signed(session, device, 'passkeys', { client_secret: session.client_secret, credential: authenticator.create(options.json, origin) });
    assert.equal(created.status, 201, created.text);

    const step = await passkeyStepUp();
    assert.deepEqual(step.options.allowCredentials.map((c) => c.id), [created.json.id]);
    const before = (await codesTo(edge.url, to)).length;
    const paid = await verifyWith(step.session, step.device, { passkey: authenticator.get(step.options, origin) });
    assert.equal(paid.status, 200, paid.text);
    assert.equal(paid.json.status, 'succeeded');
    assert.equal((await codesTo(edge.url, to)).length, before, 'no code was sent (the receipt is not a code)');

    const trusted = await confirm(edge.url, await createSession(edge.url, shop.secret_key, { shopper: { email: to } }), { device: step.device, card: card('4242424242424242') });
    assert.equal(trusted.json.status, 'succeeded', 'the passkey step-up made that device trusted too');
  });

  for (const [name, wrong, code] of [
    ['a wrong origin', { origin: 'https://evil.example' }, 'webauthn_origin_mismatch'],
    ['a wrong challenge', { challenge: Buffer.alloc(32, 7).toString('base64url') }, 'webauthn_challenge_mismatch'],
    ['a flipped signature bit', { flipSignatureBit: true }, 'invalid_signature'],
    ['no user verification', { flags: 0x01 }, 'webauthn_user_not_verified'],
    ['no user presence', { flags: 0x04 }, 'webauthn_user_not_present'],
    ['a lower sign count', { signCount: 0 }, 'webauthn_sign_count'],
    ['another RP ID', { rpId: 'evil.example' }, 'webauthn_rp_id_mismatch'],
    ['the registration type', { type: 'webauthn.create' }, 'webauthn_wrong_type'],
  ]) {
    test(`an assertion with ${name} is refused`, async () => {
      const { session, device, options } = await passkeyStepUp();
      const r = await verifyWith(session, device, { passkey: authenticator.get(options, origin, wrong) });
      assert.equal(r.status, 401, r.text);
      assert.equal(r.json.error.code, code);
      const payments = (await api(edge.url, '/v1/payments?limit=100', { key: shop.secret_key })).json.data;
      assert.ok(!payments.some((p) => p.checkout_session === session.id), 'nothing was charged');
    });
  }

  test('a challenge works once', async () => {
    const { session, device, options } = await passkeyStepUp();
    const broken = await verifyWith(session, device, { passkey: authenticator.get(options, origin, { flipSignatureBit: true }) });
    assert.equal(broken.json.error.code, 'invalid_signature');
    const reused = await verifyWith(session, device, { passkey: authenticator.get(options, origin) });
    assert.equal(reused.status, 401);
    assert.equal(reused.json.error.code, 'webauthn_challenge_mismatch');
  });

  test('a changed amount voids the passkey challenge', async () => {
    const { session, device, options } = await passkeyStepUp();
    await api(edge.url, `/v1/checkout_sessions/${session.id}`, { method: 'POST', key: shop.secret_key, body: { amount: 123400 } });
    const r = await verifyWith(session, device, { passkey: authenticator.get(options, origin) });
    assert.equal(r.json.error.code, 'webauthn_challenge_mismatch');
  });

  test('the shopper may ask for a code instead', async () => {
    const { session, device } = await passkeyStepUp();
    const before = (await api(edge.url, `/dev/outbox?to=${to}`)).json.messages.length;
    const r = await signed(session, device, 'step_up/resend', { client_secret: session.client_secret });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.next_action.type, 'otp');
    const { messages } = (await api(edge.url, `/dev/outbox?to=${to}`)).json;
    assert.equal(messages.length, before + 1);
    assert.equal((await verifyWith(session, device, { code: codeIn(messages[0].body) })).status, 200);
  });
});
