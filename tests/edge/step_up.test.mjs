// Device trust and step-up over HTTP, in workerd, with the default risk rules: a new device
// needs a one-time code, a trusted one does not; codes are single use, bound to the amount,
// locked after five misses; rules are data the operator changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { codeIn } from '../lib/outbox.mjs';
import { bootEdge, setRiskRules } from '../lib/edge-fixture.mjs';
import { api, card, confirm, createSession, newDevice, proof, resend as resendAt, verify as verifyAt } from '../lib/checkout.mjs';

let edge;
let shop;

before(async () => {
  edge = await bootEdge({ riskRules: 'default' });
  shop = await edge.merchant({ name: 'Mosaic Books' });
});
after(() => edge?.stop());

const email = () => `shopper-${Math.random().toString(36).slice(2)}@example.com`;

async function codeFor(to) {
  const { messages } = (await api(edge.url, `/dev/outbox?to=${encodeURIComponent(to)}`)).json;
  assert.ok(messages.length > 0, `no message to ${to}`);
  return { code: codeIn(messages[0].body), body: messages[0].body, count: messages.length };
}

const verify = (session, device, code, opts) => verifyAt(edge.url, session, device, code, opts);
const resend = (session, device) => resendAt(edge.url, session, device);

const pay = (session, device, number = '4242424242424242', headers = {}) => confirm(edge.url, session, { device, card: card(number), headers });

describe('one-time codes', () => {
  test('a new device must enter the code; then the same device pays without one', async () => {
    const to = email();
    const device = await newDevice();
    const first = await createSession(edge.url, shop.secret_key, { amount: 4200, currency: 'EUR', shopper: { email: to } });
    const r = await pay(first, device, '4000000000003220');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'requires_action');
    assert.equal(r.json.next_action.type, 'otp');
    assert.equal(r.json.next_action.channel, 'email');
    assert.match(r.json.next_action.destination, /^s\*\*\*@example\.com$/);
    const { code, body } = await codeFor(to);
    assert.match(body, /EUR 42\.00/, 'the message names the amount');
    assert.match(body, /Mosaic Books/, 'and the merchant');
    assert.equal((await api(edge.url, `/v1/payments?limit=100`, { key: shop.secret_key })).json.data.filter((p) => p.checkout_session === first.id).length, 0, 'no payment before the code');

    const wrong = await verify(first, device, code === '000000' ? '111111' : '000000', { number: '4000000000003220' });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.json.error.code, 'incorrect_code');
    assert.equal(wrong.json.error.attempts_left, 4);
    const ok = await verify(first, device, code, { number: '4000000000003220' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.status, 'succeeded', 'authenticated, so the issuer accepts the step-up card');
    const again = await verify(first, device, code);
    assert.equal(again.status, 409, 'a code works once');

    const second = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    const trusted = await pay(second, device);
    assert.equal(trusted.status, 200, trusted.text);
    assert.equal(trusted.json.status, 'succeeded', 'a trusted device in the same context needs no code');

    const decisions = (await api(edge.url, `/v1/checkout_sessions/${first.id}`, { key: shop.secret_key })).json.risk_decisions;
    assert.deepEqual(decisions.map((d) => [d.action, d.reasons]), [['step_up', ['new_device', 'new_country']]]);
    // The country comes from request.cf, which the edge hides from its request wrapper and reads
    // through Request.prototype; local workerd (fetching no real cf data) places every client in the US.
    assert.equal(decisions[0].country, 'US');
  });

  test('another device, or the same device from a new country, must step up again', async () => {
    const to = email();
    const home = await newDevice();
    const s1 = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    await pay(s1, home);
    assert.equal((await verify(s1, home, (await codeFor(to)).code)).status, 200);

    const other = await newDevice();
    const s2 = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    const r = await pay(s2, other);
    assert.equal(r.json.status, 'requires_action');
    const reasons = (await api(edge.url, `/v1/checkout_sessions/${s2.id}`, { key: shop.secret_key })).json.risk_decisions[0].reasons;
    assert.deepEqual(reasons, ['new_device']);

    const s3 = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    const abroad = await confirm(edge.url, s3, { device: home, card: card('4242424242424242'), headers: { 'X-Tessera-Dev-Country': 'JP' } });
    assert.equal(abroad.json.status, 'requires_action');
    assert.deepEqual((await api(edge.url, `/v1/checkout_sessions/${s3.id}`, { key: shop.secret_key })).json.risk_decisions[0].reasons, ['new_country']);
  });

  test('five wrong codes lock the step-up', async () => {
    const to = email();
    const device = await newDevice();
    const s = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    await pay(s, device);
    const { code } = await codeFor(to);
    const wrongCode = code === '123456' ? '654321' : '123456';
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await verify(s, device, wrongCode)).json.error);
    assert.deepEqual(answers.map((e) => e.code), ['incorrect_code', 'incorrect_code', 'incorrect_code', 'incorrect_code', 'step_up_locked']);
    assert.deepEqual(answers.slice(0, 4).map((e) => e.attempts_left), [4, 3, 2, 1]);
    const right = await verify(s, device, code);
    assert.equal(right.status, 429);
    assert.equal(right.json.error.code, 'step_up_locked', 'even the right code is refused now');
    assert.equal((await resend(s, device)).json.error.code, 'step_up_locked');
  });

  test('a changed amount voids the code; a new code names the new amount', async () => {
    const to = email();
    const device = await newDevice();
    const s = await createSession(edge.url, shop.secret_key, { amount: 1000, shopper: { email: to } });
    await pay(s, device);
    const { code } = await codeFor(to);
    const updated = await api(edge.url, `/v1/checkout_sessions/${s.id}`, { method: 'POST', key: shop.secret_key, body: { amount: 99900 } });
    assert.equal(updated.status, 200);
    const r = await verify(s, device, code);
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'step_up_void');
    await new Promise((res) => setTimeout(res, 2100));
    const fresh = await resend(s, device);
    assert.equal(fresh.status, 200, fresh.text);
    const second = await codeFor(to);
    assert.equal(second.count, 2);
    assert.match(second.body, /USD 999\.00/);
    const ok = await verify(s, device, second.code);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.amount, 99900);
  });

  test('resends are limited and spaced', async () => {
    const to = email();
    const device = await newDevice();
    const s = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    await pay(s, device);
    const soon = await resend(s, device);
    assert.equal(soon.status, 429);
    assert.equal(soon.json.error.code, 'resend_too_soon');
    for (let i = 0; i < 3; i++) {
      await new Promise((res) => setTimeout(res, 2100));
      assert.equal((await resend(s, device)).status, 200);
    }
    await new Promise((res) => setTimeout(res, 2100));
    assert.equal((await resend(s, device)).json.error.code, 'resend_limit');
  });

  test('a replayed DPoP proof on /verify is refused, and a code is bound to its device', async () => {
    const to = email();
    const device = await newDevice();
    const s = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    await pay(s, device);
    const { code } = await codeFor(to);
    const target = `${edge.url}/v1/checkout_sessions/${s.id}/verify`;
    const dpop = await proof(device, 'POST', target);
    const wrongCode = code === '111111' ? '222222' : '111111';
    assert.equal((await verify(s, device, wrongCode, { dpop })).json.error.code, 'incorrect_code');
    const replay = await verify(s, device, code, { dpop });
    assert.equal(replay.status, 401);
    assert.equal(replay.json.error.code, 'dpop_replayed');
    const thief = await newDevice();
    const stolen = await verify(s, thief, code);
    assert.equal(stolen.json.error.code, 'step_up_not_started', 'the code was sent for another device');
    assert.equal((await verify(s, device, code)).status, 200);
  });
});

describe('risk rules are data', () => {
  test('the operator reads and changes the rules, and the next confirm follows them', async () => {
    const current = await api(edge.url, '/v1/risk/rules', { key: edge.secrets.ADMIN_TOKEN });
    assert.equal(current.status, 200);
    assert.ok(current.json.rules.some((r) => r.id === 'new_device'));
    const bad = await api(edge.url, '/v1/risk/rules', { method: 'PUT', key: edge.secrets.ADMIN_TOKEN, body: { velocity_window_seconds: 60, rules: [{ id: 'x', when: 'moon_phase', action: 'deny' }] } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'invalid_rules');
    const twice = await api(edge.url, '/v1/risk/rules', { method: 'PUT', key: edge.secrets.ADMIN_TOKEN, body: { rules: [{ id: 'x', when: 'new_device', action: 'deny' }, { id: 'x', when: 'new_country', action: 'deny' }] } });
    assert.equal(twice.status, 422);
    assert.equal(twice.json.error.code, 'duplicate_rule_id');
    assert.deepEqual((await api(edge.url, '/v1/risk/rules', { key: edge.secrets.ADMIN_TOKEN })).json, current.json, 'a refused change changes nothing');
    assert.equal((await api(edge.url, '/v1/risk/rules', { method: 'PUT', key: 'adm_nope', body: {} })).status, 401);

    try {
      await setRiskRules(edge.url, edge.secrets.ADMIN_TOKEN, { velocity_window_seconds: 3600, rules: [{ id: 'big_baskets', when: { amount_above: 5000 }, action: 'step_up' }] });
      const small = await pay(await createSession(edge.url, shop.secret_key, { amount: 4000, shopper: { email: email() } }), await newDevice());
      assert.equal(small.json.status, 'succeeded', 'no new_device rule any more');
      const big = await createSession(edge.url, shop.secret_key, { amount: 6000, shopper: { email: email() } });
      assert.equal((await pay(big, await newDevice())).json.status, 'requires_action');
      assert.deepEqual((await api(edge.url, `/v1/checkout_sessions/${big.id}`, { key: shop.secret_key })).json.risk_decisions[0].reasons, ['big_baskets']);

      await setRiskRules(edge.url, edge.secrets.ADMIN_TOKEN, { velocity_window_seconds: 3600, rules: [{ id: 'card_hammering', when: { card_attempts_above: 0 }, action: 'deny' }] });
      const refused = await pay(await createSession(edge.url, shop.secret_key, { shopper: { email: email() } }), await newDevice(), '5555555555554444');
      assert.equal(refused.status, 402);
      assert.equal(refused.json.error.code, 'payment_refused');
    } finally {
      await setRiskRules(edge.url, edge.secrets.ADMIN_TOKEN, current.json);
    }
  });
});

describe('senders', () => {
  test('the HTTP sender calls SendGrid and Twilio in their documented formats', async () => {
    const calls = [];
    const provider = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        calls.push({ method: req.method, path: req.url, headers: req.headers, body });
        res.writeHead(req.url.includes('Messages.json') ? 201 : 202, { 'Content-Type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise((r) => provider.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${provider.address().port}`;
    const prod = await bootEdge({
      riskRules: 'default',
      vars: {
        OTP_SENDER: 'http', SENDGRID_API_BASE: base, TWILIO_API_BASE: base,
        SENDGRID_FROM: 'codes@tessera.test', TWILIO_ACCOUNT_SID: 'AC123', TWILIO_FROM: '+15005550006',
      },
      secrets: { SENDGRID_API_KEY: 'SG.test-key', TWILIO_AUTH_TOKEN: 'twilio-token' },
    });
    try {
      const merchant = await prod.merchant({ name: 'HTTP Shop' });
      const byEmail = await createSession(prod.url, merchant.secret_key, { shopper: { email: 'ada@example.com' } });
      assert.equal((await confirm(prod.url, byEmail, { card: card('4242424242424242') })).json.status, 'requires_action');
      const mail = calls.find((c) => c.path === '/v3/mail/send');
      assert.equal(mail.method, 'POST');
      assert.equal(mail.headers.authorization, 'Bearer SG.test-key');
      const json = JSON.parse(mail.body);
      assert.deepEqual(json.personalizations, [{ to: [{ email: 'ada@example.com' }] }]);
      assert.deepEqual(json.from, { email: 'codes@tessera.test' });
      assert.equal(json.content[0].type, 'text/plain');
      assert.match(json.content[0].value, /\b\d{6}\b/);

      const bySms = await createSession(prod.url, merchant.secret_key, { shopper: { phone: '+14155550100' } });
      assert.equal((await confirm(prod.url, bySms, { card: card('4242424242424242') })).json.status, 'requires_action');
      const sms = calls.find((c) => c.path === '/2010-04-01/Accounts/AC123/Messages.json');
      assert.equal(sms.headers.authorization, `Basic ${Buffer.from('AC123:twilio-token').toString('base64')}`);
      assert.equal(sms.headers['content-type'], 'application/x-www-form-urlencoded');
      const form = new URLSearchParams(sms.body);
      assert.equal(form.get('To'), '+14155550100');
      assert.equal(form.get('From'), '+15005550006');
      assert.match(form.get('Body'), /\b\d{6}\b/);
      assert.equal((await api(prod.url, '/dev/outbox')).json.messages.length, 0, 'nothing went to the outbox');
    } finally {
      await prod.stop();
      await new Promise((r) => provider.close(r));
    }
  });

  test('the outbox sender refuses to run outside development', async () => {
    const prod = await bootEdge({ riskRules: 'default', vars: { TESSERA_ENV: 'production', OTP_SENDER: 'outbox' } });
    try {
      const merchant = await prod.merchant();
      const s = await createSession(prod.url, merchant.secret_key);
      const r = await confirm(prod.url, s, { card: card('4242424242424242') });
      assert.equal(r.status, 500);
      assert.equal(r.json.error.code, 'internal_error');
      assert.equal((await api(prod.url, '/dev/outbox')).status, 404, 'no development routes in production');
    } finally {
      await prod.stop();
    }
  });
});
