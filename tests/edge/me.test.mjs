// Personal accounts over HTTP in workerd, as a shopper's browser uses them and as an attacker
// would try them: every verification step in order, codes guessed and pumped, a stolen mailbox
// changing the phone, a new browser announced and locked out by "this wasn't me", a revoked
// browser, passkeys replayed or borrowed from a guest checkout, export and deletion.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { latestCode, outbox } from '../lib/outbox.mjs';
import { Authenticator } from '../lib/webauthn.mjs';
import { api } from '../lib/checkout.mjs';
import { addPhone, shopperBrowser } from '../lib/shopper.mjs';

let edge;
let shop;

before(async () => {
  edge = await bootEdge();
  shop = await edge.merchant({ name: 'Nosy Shop' });
});
after(() => edge?.stop());

const email = () => `shopper-${Math.random().toString(36).slice(2)}@example.com`;
const phone = () => `+4477009${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`;
const wrongOf = (code) => (code === '000000' ? '111111' : '000000');
const ADDRESS = { line1: '10 Downing Street', city: 'London', postal_code: 'sw1a 2aa', country: 'GB' };
const IDENTITY = { given_name: 'Ada', family_name: 'Lovelace', date_of_birth: '1985-12-10', document_type: 'passport', document_number: 'ID000001', issuing_country: 'GB' };

async function signedUp(to = email()) {
  const b = shopperBrowser(edge.url);
  const r = await b.signIn(to);
  assert.equal(r.status, 200, r.text);
  return { b, to };
}

describe('personal accounts', () => {
  test('sign-up goes through every level in order, each resumable, and says what it unlocks', async () => {
    const { b, to } = await signedUp();
    let me = (await b.call('GET', '/v1/me')).json;
    assert.equal(me.email, to);
    assert.deepEqual(me.levels, ['email']);
    assert.equal(me.next_level, 'phone');
    assert.deepEqual(me.capabilities.find((c) => c.name === 'save_cards'), { name: 'save_cards', unlocked: false, needs: 'phone' });
    assert.match(b.jar, /__Host-tessera_account=sas_/);
    assert.match(b.jar, /__Host-tessera_device=/);

    // Out of order: refused, nothing kept.
    assert.equal((await b.call('PUT', '/v1/me/address', ADDRESS)).json.error.code, 'level_not_reached');
    assert.equal((await b.call('POST', '/v1/me/identity', IDENTITY)).json.error.code, 'level_not_reached');

    const number = phone();
    assert.equal((await addPhone(edge.url, b, number)).status, 200);
    // Bad addresses answer with the field at fault and change nothing.
    const badZip = await b.call('PUT', '/v1/me/address', { ...ADDRESS, postal_code: '1234' });
    assert.equal(badZip.status, 400);
    assert.equal(badZip.json.error.code, 'invalid_home_address');
    assert.equal(badZip.json.error.field, 'postal_code');
    const unknownField = await b.call('PUT', '/v1/me/address', { ...ADDRESS, favourite_colour: 'blue' });
    assert.equal(unknownField.json.error.code, 'invalid_json');
    assert.equal((await b.call('GET', '/v1/me')).json.address, null);

    me = (await b.call('PUT', '/v1/me/address', ADDRESS)).json;
    assert.equal(me.address.postal_code, 'SW1A 2AA');
    // Too young, then a real claim.
    assert.equal((await b.call('POST', '/v1/me/identity', { ...IDENTITY, date_of_birth: '2015-01-01' })).json.error.code, 'invalid_identity');
    me = (await b.call('POST', '/v1/me/identity', IDENTITY)).json;
    assert.deepEqual(me.levels, ['email', 'phone', 'address', 'identity']);
    assert.equal(me.identity.document.number_last4, '0001');
    assert.ok(!JSON.stringify(me).includes('ID000001'), 'the document number is not kept');
    assert.ok(me.capabilities.every((c) => c.unlocked));

    // Resumable: a new browser signing in later finds every step where it was left.
    const later = shopperBrowser(edge.url);
    assert.deepEqual((await later.signIn(to)).json.levels, ['email', 'phone', 'address', 'identity']);
  });

  test('an identity in review is decided by the operator; a rejected one may try again', async () => {
    const { b } = await signedUp();
    await addPhone(edge.url, b, phone());
    await b.call('PUT', '/v1/me/address', ADDRESS);
    const review = (await b.call('POST', '/v1/me/identity', { ...IDENTITY, document_number: 'ID000003' })).json;
    assert.equal(review.identity.status, 'in_review');
    assert.equal((await b.call('POST', '/v1/me/identity', IDENTITY)).json.error.code, 'verification_not_allowed');
    const decided = await api(edge.url, `/v1/operator/shopper_accounts/${review.id}/identity`, { method: 'POST', body: { approve: false }, headers: { Authorization: `Bearer ${edge.secrets.ADMIN_TOKEN}` } });
    assert.equal(decided.json.identity.status, 'rejected', decided.text);
    assert.equal((await b.call('POST', '/v1/me/identity', IDENTITY)).json.identity.status, 'verified');
  });

  test('wrong codes are limited per code and per account, and codes cannot be pumped', async () => {
    const { b, to } = await signedUp();
    const attacker = shopperBrowser(edge.url);
    const sent = (await attacker.call('POST', '/v1/me/codes', { email: to })).json;
    const right = await latestCode(edge.url, to);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await attacker.call('POST', `/v1/me/codes/${sent.id}/verify`, { code: wrongOf(right) })).json.error);
    assert.deepEqual(answers.map((e) => e.code), ['incorrect_code', 'incorrect_code', 'incorrect_code', 'incorrect_code', 'sign_in_blocked']);
    assert.deepEqual(answers.slice(0, 4).map((e) => e.attempts_left), [4, 3, 2, 1]);
    // Blocked: no new code goes out, and the right one is refused too.
    const before = (await outbox(edge.url, to)).length;
    const again = await attacker.call('POST', '/v1/me/codes', { email: to });
    assert.equal(again.json.error.code, 'sign_in_blocked');
    assert.ok(Number(again.headers.get('retry-after')) > 0);
    assert.equal((await outbox(edge.url, to)).length, before);
    assert.equal((await attacker.call('POST', `/v1/me/codes/${sent.id}/verify`, { code: right })).json.error.code, 'sign_in_blocked');
    assert.equal((await b.call('GET', '/v1/me')).status, 200, 'the owner\'s own sign-in stays');
    const failed = (await b.call('GET', '/v1/me/activity')).json.data.filter((a) => a.type === 'sign_in_failed');
    assert.ok(failed.length >= 5, 'the owner sees every refused try');
    assert.equal(failed[0].detail.reason, 'sign_in_blocked');

    // Pumping a fresh address: ten codes an hour, whatever the ids.
    const target = email();
    const codes = [];
    for (let i = 0; i < 12; i++) codes.push(await shopperBrowser(edge.url).call('POST', '/v1/me/codes', { email: target }));
    assert.equal(codes.filter((r) => r.status === 201).length, 10, codes.map((r) => r.status).join(','));
    for (const refused of codes.slice(10)) {
      assert.deepEqual([refused.status, refused.json.error.code], [429, 'destination_rate_limited']);
      assert.ok(Number(refused.headers.get('retry-after')) > 0, 'says when to try again');
    }
    assert.equal((await outbox(edge.url, target)).length, 10);
  });

  test('requests from another site, without the CSRF token or without a sign-in change nothing', async () => {
    const { b } = await signedUp();
    assert.equal((await b.call('POST', '/v1/me/phone', { phone: phone() }, { origin: 'https://evil.example' })).json.error.code, 'origin_not_allowed');
    assert.equal((await b.call('POST', '/v1/me/phone', { phone: phone() }, { withCsrf: false })).json.error.code, 'csrf_token_invalid');
    assert.equal((await b.call('POST', '/v1/me/codes', { email: email() }, { origin: 'https://evil.example' })).json.error.code, 'origin_not_allowed');
    assert.equal((await api(edge.url, '/v1/me')).json.error.code, 'account_not_signed_in');
    assert.equal((await api(edge.url, '/v1/me', { key: shop.secret_key })).json.error.code, 'account_not_signed_in', 'a merchant\'s key opens no account');
    assert.equal((await api(edge.url, '/v1/me', { headers: { Cookie: '__Host-tessera_account=sas_forged' } })).status, 401);
    assert.deepEqual((await b.call('GET', '/v1/me')).json.levels, ['email']);
  });

  test('a stolen mailbox cannot change the phone; the owner can, and both numbers hear of it', async () => {
    const { b, to } = await signedUp();
    const first = phone();
    await addPhone(edge.url, b, first);
    const thief = shopperBrowser(edge.url, { userAgent: 'Mozilla/5.0 Firefox/133.0', country: 'RU' });
    assert.equal((await thief.signIn(to)).status, 200);
    assert.equal((await thief.call('POST', '/v1/me/phone', { phone: phone() })).json.error.code, 'reauthentication_required');

    const current = (await b.call('POST', '/v1/me/phone/current')).json;
    assert.equal((await b.call('POST', '/v1/me/phone/current/verify', { id: current.id, code: await latestCode(edge.url, first) })).status, 200);
    const second = phone();
    assert.equal((await addPhone(edge.url, b, second)).json.phone, second);
    assert.match((await outbox(edge.url, first))[0].body, /was changed/);
    assert.match((await outbox(edge.url, to))[0].body, /was changed[\s\S]*\/account\/lock\/\?token=lck_/);
  });

  test('a new browser is announced; "this wasn\'t me" locks the account until the email and phone codes', async () => {
    const { b, to } = await signedUp();
    const number = phone();
    await addPhone(edge.url, b, number);
    const other = shopperBrowser(edge.url, { userAgent: 'Mozilla/5.0 Firefox/133.0', country: 'BR' });
    await other.signIn(to);
    const notice = (await outbox(edge.url, to))[0].body;
    assert.match(notice, /new device: Firefox in BR/);
    const token = notice.match(/token=(lck_[a-z2-7]+)/)[1];
    assert.equal((await api(edge.url, '/v1/me/lock', { method: 'POST', body: { token }, headers: { Origin: edge.url } })).status, 200);
    assert.equal((await b.call('GET', '/v1/me')).status, 401, 'every sign-in ended');
    assert.equal((await other.call('GET', '/v1/me')).status, 401);

    const locked = await other.signIn(to);
    assert.equal(locked.status, 423);
    assert.equal(locked.json.error.code, 'account_locked');
    assert.ok(!locked.headers.getSetCookie().some((c) => c.startsWith('__Host-tessera_account=')), 'no sign-in with one channel');
    assert.equal((await other.call('GET', '/v1/me')).status, 401);
    const sms = locked.json.error.unlock.sms_code;
    assert.equal((await other.call('POST', `/v1/me/codes/${sms.id}/resend`)).json.error.code, 'resend_too_soon', 'the unlock code can be sent again, after a while');
    assert.equal((await other.call('POST', '/v1/me/unlock', { id: sms.id, code: wrongOf(await latestCode(edge.url, number)) })).json.error.code, 'incorrect_code');
    const unlocked = await other.call('POST', '/v1/me/unlock', { id: sms.id, code: await latestCode(edge.url, number) });
    assert.equal(unlocked.status, 200, unlocked.text);
    const activity = (await other.call('GET', '/v1/me/activity')).json.data.map((a) => a.type);
    assert.ok(['locked', 'unlocked', 'new_device'].every((t) => activity.includes(t)), activity.join(','));

  });

  test('a revoked browser is signed out and let in no more; sign out everywhere ends the rest', async () => {
    const { b, to } = await signedUp();
    const other = shopperBrowser(edge.url, { userAgent: 'Mozilla/5.0 Version/17.0 Safari/605.1.15' });
    await other.signIn(to);
    const devices = (await b.call('GET', '/v1/me/devices')).json.data;
    assert.equal(devices.length, 2);
    const theirs = devices.find((d) => !d.current);
    assert.equal(theirs.browser, 'Safari');
    assert.equal((await b.call('POST', `/v1/me/devices/${encodeURIComponent(devices.find((d) => d.current).id)}/revoke`)).json.error.code, 'device_in_use');
    assert.equal((await b.call('POST', `/v1/me/devices/${encodeURIComponent(theirs.id)}/revoke`)).status, 200);
    assert.equal((await other.call('GET', '/v1/me')).status, 401);
    assert.equal((await other.signIn(to)).json.error.code, 'device_revoked');

    const third = shopperBrowser(edge.url);
    await third.signIn(to);
    assert.equal((await b.call('POST', '/v1/me/sign_out_everywhere')).status, 200);
    assert.equal((await third.call('GET', '/v1/me')).status, 401);
    assert.equal((await b.call('GET', '/v1/me')).status, 401);
  });

  test('a passkey signs in with no code sent; replays, guest checkout passkeys and removed ones get nothing', async () => {
    const { b, to } = await signedUp();
    const authenticator = new Authenticator();
    const options = (await b.call('POST', '/v1/me/passkeys/options', { purpose: 'register' })).json;
    assert.equal(options.publicKey.authenticatorSelection.userVerification, 'required');
    assert.ok(!options.publicKey.user.id.includes(to));
    const created = await b.call('POST', '/v1/me/passkeys', { credential: authenticator.create(options, edge.url), name: 'Laptop' });
    assert.equal(created.status, 201, created.text);

    const fresh = shopperBrowser(edge.url);
    const sent = (await outbox(edge.url, to)).length;
    const signInOptions = (await fresh.call('POST', '/v1/me/passkeys/options', { purpose: 'sign_in' })).json.publicKey;
    const assertion = authenticator.get(signInOptions, edge.url);
    const signed = await fresh.call('POST', '/v1/me/passkeys/sign_in', { credential: assertion });
    assert.equal(signed.status, 200, signed.text);
    assert.equal(signed.json.session.method, 'passkey');
    assert.equal((await outbox(edge.url, to)).length, sent + 1, 'only the new-device notice, no code');
    assert.equal((await shopperBrowser(edge.url).call('POST', '/v1/me/passkeys/sign_in', { credential: assertion })).status, 401, 'a replayed assertion');
    const foreign = (await fresh.call('POST', '/v1/me/passkeys/options', { purpose: 'sign_in' })).json.publicKey;
    assert.equal((await fresh.call('POST', '/v1/me/passkeys/sign_in', { credential: authenticator.get(foreign, 'https://evil.example') })).status, 401, 'another origin');
    const stranger = new Authenticator();
    const unknown = (await fresh.call('POST', '/v1/me/passkeys/options', { purpose: 'sign_in' })).json.publicKey;
    assert.equal((await fresh.call('POST', '/v1/me/passkeys/sign_in', { credential: stranger.get(unknown, edge.url) })).json.error.code, 'unknown_passkey');

    assert.equal((await b.call('DELETE', `/v1/me/passkeys/${created.json.id}`)).status, 200);
    const gone = (await fresh.call('POST', '/v1/me/passkeys/options', { purpose: 'sign_in' })).json.publicKey;
    assert.equal((await fresh.call('POST', '/v1/me/passkeys/sign_in', { credential: authenticator.get(gone, edge.url) })).json.error.code, 'unknown_passkey');
  });

  test('the export holds everything and no secret; deletion leaves nothing of the person', async () => {
    const { b, to } = await signedUp();
    const number = phone();
    await addPhone(edge.url, b, number);
    const exported = await b.call('GET', '/v1/me/export');
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get('content-disposition'), /attachment/);
    const data = exported.json;
    assert.equal(data.account.email, to);
    assert.equal(data.account.phone, number);
    assert.ok(data.activity.some((a) => a.type === 'created'));
    assert.equal(data.devices.length, 1);
    assert.ok(!exported.text.includes('csrf_token') && !exported.text.includes('sas_') && !/"code_hash"/.test(exported.text));

    const id = data.account.id;
    assert.equal((await b.call('DELETE', '/v1/me')).status, 200);
    assert.ok(!b.jar.includes('tessera_account='));
    assert.equal((await b.call('GET', '/v1/me')).status, 401);
    const again = await shopperBrowser(edge.url).signIn(to);
    assert.notEqual(again.json.id, id, 'the address starts a new account');
    assert.deepEqual(again.json.levels, ['email']);
  });
});
