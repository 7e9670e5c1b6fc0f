// Business accounts over HTTP in workerd: sign-up with an email code, the session cookie and its
// CSRF and Origin checks, roles enforced on the server, verification before live mode, and one
// business never seeing another's anything. Each refusal is checked to change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, card, confirm, createSession } from '../lib/checkout.mjs';
import { BUSINESS, invite, signIn, signUp } from '../lib/dashboard.mjs';
import { outbox } from '../lib/outbox.mjs';

let edge;
before(async () => { edge = await bootEdge(); });
after(() => edge?.stop());

const mail = () => `u${Math.random().toString(36).slice(2, 10)}@example.com`;

async function paidPayment(secretKey, amount = 2000) {
  const s = await createSession(edge.url, secretKey, { amount, currency: 'EUR' });
  const r = await confirm(edge.url, s, { card: card('4242424242424242') });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

describe('signing up', () => {
  test('an email code signs up a new address; the business gets test keys at once, shown once', async () => {
    const email = mail();
    const sent = await api(edge.url, '/v1/dashboard/email_codes', { method: 'POST', body: { email }, headers: { Origin: edge.url } });
    assert.equal(sent.status, 201);
    assert.match(sent.json.id, /^ec_/);
    assert.match(sent.json.email_masked, /^u\*\*\*@example\.com$/);
    assert.equal(JSON.stringify(sent.json).includes(email), false, 'the address is not echoed');
    const owner = await signIn(edge.url, email);
    assert.match(owner.setCookie, /^__Host-tessera_dashboard=dss_[a-z2-7]+; Path=\/; HttpOnly; Secure; SameSite=Strict; Max-Age=43200$/);
    assert.equal(owner.session.next, 'business_details');
    assert.equal((await owner.call('GET', '/v1/account')).json.error.code, 'no_business');

    const bad = await owner.call('POST', '/v1/account', { ...BUSINESS, country: 'Germany' });
    assert.equal(bad.json.error.code, 'invalid_country');
    assert.equal((await owner.call('GET', '/v1/dashboard/session')).json.next, 'business_details', 'a refused business makes nothing');
    const zone = await owner.call('POST', '/v1/account', { ...BUSINESS, timezone: 'Mars/Olympus_Mons' });
    assert.equal(zone.json.error.code, 'invalid_timezone');

    const created = await owner.call('POST', '/v1/account', BUSINESS);
    assert.equal(created.status, 201, created.text);
    assert.match(created.json.keys.secret_key, /^sk_test_/);
    assert.match(created.json.keys.publishable_key, /^pk_test_/);
    assert.equal(created.json.account.verification.status, 'unverified');
    assert.equal(created.json.account.timezone, 'Europe/Berlin');
    const session = (await owner.call('GET', '/v1/dashboard/session')).json;
    assert.equal(session.role, 'owner');
    assert.equal(session.next, 'verification');
    assert.equal(JSON.stringify(await owner.call('GET', '/v1/account')).includes(created.json.keys.secret_key), false, 'never shown again');

    // The key works at once, in test mode.
    const s = await createSession(edge.url, created.json.keys.secret_key, { amount: 1500 });
    assert.match(s.id, /^cs_/);
    const keys = (await owner.call('GET', '/v1/api_keys')).json;
    assert.equal(keys.data.length, 1);
    assert.equal(keys.data[0].hint, `…${created.json.keys.secret_key.slice(-4)}`);
    assert.equal(keys.publishable_key, created.json.keys.publishable_key);
  });

  test('wrong codes are counted per address across fresh codes; codes cannot be pumped', async () => {
    const email = mail();
    const answers = [];
    for (let i = 0; i < 6; i += 1) {
      const sent = await api(edge.url, '/v1/dashboard/email_codes', { method: 'POST', body: { email }, headers: { Origin: edge.url } });
      if (sent.status !== 201) { answers.push(sent.json.error.code); continue; }
      const r = await api(edge.url, `/v1/dashboard/email_codes/${sent.json.id}/verify`, { method: 'POST', body: { code: '000000' }, headers: { Origin: edge.url } });
      answers.push(r.json.error.code);
    }
    assert.deepEqual(answers, ['incorrect_code', 'incorrect_code', 'incorrect_code', 'incorrect_code', 'sign_in_blocked', 'sign_in_blocked']);
    assert.equal((await outbox(edge.url, email)).length, 5, 'a blocked address is sent nothing');

    const victim = mail();
    const codes = await Promise.all(Array.from({ length: 14 }, () => api(edge.url, '/v1/dashboard/email_codes', { method: 'POST', body: { email: victim }, headers: { Origin: edge.url } })));
    assert.equal(codes.filter((c) => c.status === 201).length, 10);
    assert.ok(codes.filter((c) => c.status === 429).every((c) => c.json.error.code === 'destination_rate_limited' && Number(c.headers.get('retry-after')) > 0));
    assert.equal((await outbox(edge.url, victim)).length, 10);
  });

  test('a code works once; sign-in posts from another site are refused and send nothing', async () => {
    const email = mail();
    const sent = await api(edge.url, '/v1/dashboard/email_codes', { method: 'POST', body: { email }, headers: { Origin: edge.url } });
    const code = (await outbox(edge.url, email))[0].body.match(/\b(\d{6})\b/)[1];
    const verify = () => api(edge.url, `/v1/dashboard/email_codes/${sent.json.id}/verify`, { method: 'POST', body: { code }, headers: { Origin: edge.url } });
    const [a, b] = await Promise.all([verify(), verify()]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409], 'two verifies of one code: one session');

    const other = mail();
    const evil = await api(edge.url, '/v1/dashboard/email_codes', { method: 'POST', body: { email: other }, headers: { Origin: 'https://evil.example' } });
    assert.equal(evil.status, 403);
    assert.equal(evil.json.error.code, 'origin_not_allowed');
    const none = await api(edge.url, '/v1/dashboard/email_codes', { method: 'POST', body: { email: other } });
    assert.equal(none.json.error.code, 'origin_not_allowed');
    assert.equal((await outbox(edge.url, other)).length, 0);
  });
});

describe('the session cookie', () => {
  test('a change without the CSRF token or from another origin is refused and changes nothing', async () => {
    const { owner } = await signUp(edge.url, mail());
    const target = mail();
    const noToken = await owner.call('POST', '/v1/members', { email: target, role: 'analyst' }, { withCsrf: false });
    assert.equal(noToken.status, 403);
    assert.equal(noToken.json.error.code, 'csrf_token_invalid');
    const wrongToken = await owner.call('POST', '/v1/members', { email: target, role: 'analyst' }, { headers: { 'X-CSRF-Token': 'A'.repeat(43) } });
    assert.equal(wrongToken.json.error.code, 'csrf_token_invalid');
    const crossSite = await owner.call('POST', '/v1/members', { email: target, role: 'analyst' }, { origin: 'https://evil.example' });
    assert.equal(crossSite.json.error.code, 'origin_not_allowed');
    // Another session's token is not this one's.
    const other = await signIn(edge.url, mail());
    const borrowed = await owner.call('POST', '/v1/members', { email: target, role: 'analyst' }, { headers: { 'X-CSRF-Token': other.csrf } });
    assert.equal(borrowed.json.error.code, 'csrf_token_invalid');
    assert.equal((await owner.call('GET', '/v1/members')).json.data.length, 1, 'only the owner');
    assert.equal((await outbox(edge.url, target)).length, 0);
  });

  test('signing out ends the session; a forged cookie is nobody', async () => {
    const person = await signIn(edge.url, mail());
    assert.equal((await person.call('POST', '/v1/dashboard/sign_out')).json.signed_out, true);
    assert.equal((await person.call('GET', '/v1/dashboard/session')).json.error.code, 'not_signed_in');
    const forged = await api(edge.url, '/v1/dashboard/session', { headers: { Cookie: '__Host-tessera_dashboard=dss_' + 'a'.repeat(56) } });
    assert.equal(forged.status, 401);
  });
});

describe('roles, on the server', () => {
  test('an analyst reads but cannot refund, invite or roll keys; a developer rolls keys but moves no money', async () => {
    const { owner, keys } = await signUp(edge.url, mail());
    const payment = await paidPayment(keys.secret_key);
    const { person: analyst } = await invite(edge.url, owner, mail(), 'analyst');
    assert.equal((await analyst.call('GET', `/v1/payments/${payment.id}`)).json.id, payment.id);
    const refund = await analyst.call('POST', '/v1/refunds', { payment: payment.id, amount: 100 }, { headers: { 'Idempotency-Key': 'a-1' } });
    assert.equal(refund.status, 403);
    assert.equal(refund.json.error.code, 'role_not_allowed');
    assert.equal((await analyst.call('POST', '/v1/members', { email: mail(), role: 'analyst' })).json.error.code, 'role_not_allowed');
    assert.equal((await analyst.call('POST', '/v1/api_keys/roll', {})).json.error.code, 'role_not_allowed');
    assert.equal((await api(edge.url, `/v1/payments/${payment.id}`, { key: keys.secret_key })).json.amount_refunded, 0, 'nothing was refunded');

    const { person: developer } = await invite(edge.url, owner, mail(), 'developer');
    assert.equal((await developer.call('POST', '/v1/refunds', { payment: payment.id }, { headers: { 'Idempotency-Key': 'd-1' } })).json.error.code, 'role_not_allowed');
    assert.equal((await developer.call('POST', `/v1/payments/${payment.id}/cancel`, {})).json.error.code, 'role_not_allowed');
    const rolled = await developer.call('POST', '/v1/api_keys/roll', { expires_in: 3600 });
    assert.equal(rolled.status, 201, rolled.text);
    assert.match(rolled.json.secret_key, /^sk_test_/);
    assert.equal((await api(edge.url, '/v1/payments', { key: keys.secret_key })).status, 200, 'the old key works during the overlap');

    // The owner refunds; a secret key cannot touch members.
    const ok = await owner.call('POST', '/v1/refunds', { payment: payment.id, amount: 500 }, { headers: { 'Idempotency-Key': 'o-1' } });
    assert.equal(ok.status, 201, ok.text);
    assert.equal((await api(edge.url, '/v1/members', { key: keys.secret_key })).json.error.code, 'not_signed_in');
  });

  test('admins cannot touch the owner; a removed member is signed out at once', async () => {
    const { owner } = await signUp(edge.url, mail());
    const { person: admin } = await invite(edge.url, owner, mail(), 'admin');
    const members = (await owner.call('GET', '/v1/members')).json.data;
    const ownerId = members.find((m) => m.role === 'owner').id;
    assert.equal((await admin.call('DELETE', `/v1/members/${ownerId}`)).json.error.code, 'member_protected');
    assert.equal((await admin.call('POST', `/v1/members/${ownerId}`, { role: 'analyst' })).json.error.code, 'member_protected');
    const { person: analyst, member } = await invite(edge.url, admin, mail(), 'analyst');
    assert.equal((await analyst.call('GET', '/v1/dashboard/session')).json.role, 'analyst');
    assert.equal((await admin.call('DELETE', `/v1/members/${member.id}`)).status, 200);
    const after = await analyst.call('GET', '/v1/payments');
    assert.equal(after.status, 401);
    assert.equal(after.json.error.code, 'not_signed_in');
  });

  test('an invitation is for its address only', async () => {
    const { owner } = await signUp(edge.url, mail());
    const email = mail();
    await owner.call('POST', '/v1/members', { email, role: 'analyst' });
    const token = (await outbox(edge.url, email))[0].body.match(/token=(inv_[a-z2-7]+)/)[1];
    const stranger = await signIn(edge.url, mail());
    const stolen = await stranger.call('POST', '/v1/dashboard/invites/accept', { token });
    assert.equal(stolen.json.error.code, 'invite_email_mismatch');
    assert.equal((await stranger.call('GET', '/v1/dashboard/session')).json.merchant, null);
  });
});

describe('verification and live mode', () => {
  test('live mode opens only once the business is verified', async () => {
    const { owner } = await signUp(edge.url, mail());
    assert.equal((await owner.call('GET', '/v1/payments', undefined, { mode: 'live' })).json.error.code, 'live_mode_not_enabled');
    assert.equal((await owner.call('POST', '/v1/api_keys/roll', {}, { mode: 'live' })).json.error.code, 'live_mode_not_enabled');
    const rejected = await owner.call('POST', '/v1/account/verification', { company_number: '11111111' });
    assert.equal(rejected.json.verification.status, 'rejected');
    const verified = await owner.call('POST', '/v1/account/verification', { company_number: '00000000' });
    assert.equal(verified.json.verification.status, 'verified');
    assert.deepEqual(verified.json.verification.history.map((h) => h.to), ['pending', 'rejected', 'pending', 'verified']);
    const live = await owner.call('POST', '/v1/api_keys/roll', {}, { mode: 'live' });
    assert.equal(live.status, 201, live.text);
    assert.match(live.json.secret_key, /^sk_live_/);
    assert.equal((await api(edge.url, '/v1/payments', { key: live.json.secret_key })).status, 200);
    // A new legal name closes live mode until it is verified again, for the key too.
    const renamed = await owner.call('POST', '/v1/account', { legal_name: 'Ada Holdings GmbH' });
    assert.equal(renamed.json.verification.status, 'unverified');
    assert.equal((await api(edge.url, '/v1/payments', { key: live.json.secret_key })).json.error.code, 'live_mode_not_enabled');
  });

  test('a business in review is decided by the operator', async () => {
    const { owner, account } = await signUp(edge.url, mail());
    const review = await owner.call('POST', '/v1/account/verification', { company_number: '22222222' });
    assert.equal(review.json.verification.status, 'in_review');
    const wrong = await api(edge.url, `/v1/operator/accounts/${account.id}/verification`, { method: 'POST', key: 'not-the-token', body: { decision: 'verified' } });
    assert.equal(wrong.status, 401);
    const decided = await api(edge.url, `/v1/operator/accounts/${account.id}/verification`, { method: 'POST', key: edge.secrets.ADMIN_TOKEN, body: { decision: 'verified', reason: 'register extract checked' } });
    assert.equal(decided.json.verification.status, 'verified');
    assert.equal((await owner.call('GET', '/v1/dashboard/session')).json.merchant.live_mode_enabled, true);
  });
});

describe('one business never sees another\'s', () => {
  test('payments, refunds, invoices, keys, endpoints, members and exports are the caller\'s own', async () => {
    const a = await signUp(edge.url, mail());
    const b = await signUp(edge.url, mail());
    const payment = await paidPayment(a.keys.secret_key, 4321);
    const endpoint = await api(edge.url, '/v1/webhook_endpoints', { method: 'POST', key: a.keys.secret_key, body: { url: 'https://a.example/hooks', enabled_events: ['*'] } });
    const invoice = await api(edge.url, '/v1/invoices', { method: 'POST', key: a.keys.secret_key, body: { customer: { email: 'c@example.com', name: 'C' }, currency: 'EUR', line_items: [{ description: 'x', quantity: 1, unit_amount: 100 }] } });
    const aMembers = (await a.owner.call('GET', '/v1/members')).json.data;

    const tries = [
      ['GET', `/v1/payments/${payment.id}`],
      ['GET', `/v1/payments/${payment.id}/timeline`],
      ['POST', `/v1/payments/${payment.id}/cancel`, {}],
      ['POST', '/v1/refunds', { payment: payment.id }],
      ['GET', `/v1/invoices/${invoice.json.id}`],
      ['POST', `/v1/invoices/${invoice.json.id}/void`, {}],
      ['GET', `/v1/webhook_endpoints/${endpoint.json.id}`],
      ['DELETE', `/v1/webhook_endpoints/${endpoint.json.id}`],
      ['DELETE', `/v1/members/${aMembers[0].id}`],
      ['POST', `/v1/members/${aMembers[0].id}`, { role: 'analyst' }],
    ];
    for (const [method, path, body] of tries) {
      const r = await b.owner.call(method, path, body, { headers: { 'Idempotency-Key': `b-${Math.random()}` } });
      assert.equal(r.status, 404, `${method} ${path}: ${r.text}`);
      assert.equal(r.json.error.code, 'resource_missing');
      const byKey = await api(edge.url, path, { method, key: b.keys.secret_key, body });
      if (!path.startsWith('/v1/members')) assert.equal(byKey.status, 404, `${method} ${path} by key`);
    }
    assert.equal((await b.owner.call('GET', '/v1/payments')).json.data.length, 0);
    assert.equal((await b.owner.call('GET', `/v1/payments?q=${payment.id}`)).json.data.length, 0);
    assert.equal((await b.owner.call('GET', '/v1/invoices')).json.data.length, 0);
    const today = new Date().toISOString().slice(0, 10);
    const csv = (await b.owner.call('GET', `/v1/reports/payments.csv?from=${today}&to=${today}`)).text;
    assert.equal(csv.trim().split('\r\n').length, 1, 'only the header');
    assert.ok(!csv.includes(payment.id));
    const keys = (await b.owner.call('GET', '/v1/api_keys')).json;
    assert.notEqual(keys.publishable_key, a.keys.publishable_key);
    // And A still has everything.
    assert.equal((await a.owner.call('GET', `/v1/payments/${payment.id}`)).json.amount, 4321);
    assert.equal((await a.owner.call('GET', `/v1/invoices/${invoice.json.id}`)).json.status, 'draft');
  });
});

describe('dashboard passkeys', () => {
  test('a signed-in user adds a passkey and signs in with it; replays, other origins and deleted keys get nothing', async () => {
    const { Authenticator } = await import('../lib/webauthn.mjs');
    const person = await signIn(edge.url, mail());
    const key = new Authenticator();
    const options = await person.call('POST', '/v1/dashboard/passkeys/options', { purpose: 'register' });
    assert.equal(options.json.publicKey.authenticatorSelection.userVerification, 'required');
    const added = await person.call('POST', '/v1/dashboard/passkeys', { credential: key.create(options.json, edge.url), name: 'Laptop' });
    assert.equal(added.status, 201, added.text);
    assert.equal((await person.call('GET', '/v1/dashboard/session')).json.user.passkeys, 1);

    const signInWith = async (wrong) => {
      const o = await api(edge.url, '/v1/dashboard/passkeys/options', { method: 'POST', body: { purpose: 'sign_in' }, headers: { Origin: edge.url } });
      const credential = key.get(o.json.publicKey, edge.url, wrong);
      return { credential, r: await api(edge.url, '/v1/dashboard/passkeys/sign_in', { method: 'POST', body: { credential }, headers: { Origin: edge.url } }) };
    };
    const { credential, r } = await signInWith();
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.auth_method, 'passkey');
    assert.equal(r.json.user.id, person.session.user.id);
    assert.match(r.headers.get('set-cookie'), /^__Host-tessera_dashboard=dss_/);
    const replay = await api(edge.url, '/v1/dashboard/passkeys/sign_in', { method: 'POST', body: { credential }, headers: { Origin: edge.url } });
    assert.equal(replay.json.error.code, 'webauthn_challenge_mismatch');
    assert.equal((await signInWith({ origin: 'https://evil.example' })).r.json.error.code, 'webauthn_origin_mismatch');
    assert.equal((await signInWith({ flipSignatureBit: true })).r.json.error.code, 'invalid_signature');
    assert.equal((await signInWith({ signCount: 1 })).r.json.error.code, 'webauthn_sign_count');
    // Registering needs the session's CSRF token like any change.
    assert.equal((await person.call('POST', '/v1/dashboard/passkeys/options', { purpose: 'register' }, { withCsrf: false })).json.error.code, 'csrf_token_invalid');
    assert.equal((await person.call('DELETE', `/v1/dashboard/passkeys/${added.json.id}`)).json.deleted, true);
    assert.equal((await signInWith()).r.json.error.code, 'unknown_passkey');
  });
});
