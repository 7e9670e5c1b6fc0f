// The checkout as an attacker tries it, over HTTP against workerd with the default risk rules:
// guessing codes with re-confirms and fresh device keys, pumping codes, swapping the card at
// /verify, finishing another device's payment in flight, racing requests. Every limit must hold
// per payment, per shopper and per destination, whatever the client does.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootEdge, setRiskRules } from '../lib/edge-fixture.mjs';
import { outbox, codeIn } from '../lib/outbox.mjs';
import { api, card, confirm, createSession, newDevice, proof, randomVisa, resend as resendAt, verify as verifyAt } from '../lib/checkout.mjs';

let edge;
let shop;

before(async () => {
  edge = await bootEdge({ riskRules: 'default' });
  shop = await edge.merchant({ name: 'Mosaic Books' });
});
after(() => edge?.stop());

const email = () => `target-${Math.random().toString(36).slice(2)}@example.com`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ledger = async () => (await api(edge.url, '/dev/sandbox/ledger')).json.charges;
const paymentsOf = async (sessionId) =>
  (await api(edge.url, '/v1/payments?limit=100', { key: shop.secret_key })).json.data.filter((p) => p.checkout_session === sessionId);

// Each request from its own address, as a botnet would send them, so the per-address velocity
// rule is not what stops these attacks.
const someIp = () => `198.51.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
const pay = (session, device, number = randomVisa(), opts = {}) =>
  confirm(edge.url, session, { device, card: card(number), headers: { 'CF-Connecting-IP': someIp() }, ...opts });

const verify = (session, device, code, number) => verifyAt(edge.url, session, device, code, { number, headers: { 'CF-Connecting-IP': someIp() } });
const resend = (session, device) => resendAt(edge.url, session, device, { 'CF-Connecting-IP': someIp() });

const latestCode = async (to) => codeIn((await outbox(edge.url, to))[0].body);
const wrongOf = (code) => (code === '000000' ? '111111' : '000000');

describe('guessing codes', () => {
  test('five wrong codes lock the payment; re-confirms from the same or fresh devices get no new tries and no new code', async () => {
    const to = email();
    const s = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    const device = await newDevice();
    const number = randomVisa();
    assert.equal((await pay(s, device, number)).json.status, 'requires_action');
    const code = await latestCode(to);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await verify(s, device, wrongOf(code), number)).json.error.code);
    assert.deepEqual(answers, ['incorrect_code', 'incorrect_code', 'incorrect_code', 'incorrect_code', 'step_up_locked']);
    for (const who of [device, await newDevice(), await newDevice()]) {
      const again = await pay(s, who, number);
      assert.equal(again.status, 429, again.text);
      assert.equal(again.json.error.code, 'step_up_locked');
      await sleep(2100);
      assert.equal((await resend(s, who)).json.error.code, 'step_up_locked');
    }
    assert.equal((await outbox(edge.url, to)).length, 1, 'no second code was ever sent');
    const right = await verify(s, device, code, number);
    assert.equal(right.json.error.code, 'step_up_locked', 'not even the right code works now');
    assert.equal((await paymentsOf(s.id)).length, 0);
    const history = (await api(edge.url, `/v1/checkout_sessions/${s.id}`, { key: shop.secret_key })).json.history;
    assert.equal(history.filter((h) => h.detail === 'incorrect_code' || h.detail === 'step_up_locked').length, 5, 'five wrong codes weighed, no more');
  });

  test('concurrent guesses are weighed one at a time and never more than five', async () => {
    const to = email();
    const s = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    const device = await newDevice();
    const number = randomVisa();
    await pay(s, device, number);
    const code = await latestCode(to);
    const seen = [];
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(Array.from({ length: 4 }, () => verify(s, device, wrongOf(code), number)));
      seen.push(...answers.map((a) => a.json.error.code));
    }
    // Then one at a time until the payment locks.
    for (let i = 0; i < 6 && !seen.includes('step_up_locked'); i++) seen.push((await verify(s, device, wrongOf(code), number)).json.error.code);
    assert.ok(seen.every((c) => ['incorrect_code', 'step_up_locked', 'confirm_in_progress'].includes(c)), seen.join(', '));
    assert.equal(seen.filter((c) => c === 'incorrect_code').length, 4, `four wrong codes answered, then the lock: ${seen.join(', ')}`);
    assert.equal((await verify(s, device, code, number)).json.error.code, 'step_up_locked');
  });

  test('wrong codes in a row block the shopper across sessions, devices and cards', async () => {
    const to = email();
    let last;
    for (let round = 0; round < 3; round++) {
      const s = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
      const device = await newDevice();
      const number = randomVisa();
      const r = await pay(s, device, number);
      if (r.json.status !== 'requires_action') {
        last = r.json.error.code;
        break;
      }
      const code = await latestCode(to);
      for (let i = 0; i < 2; i++) last = (await verify(s, device, wrongOf(code), number)).json.error;
    }
    assert.equal(last.code, 'shopper_blocked', JSON.stringify(last));
    const before = (await outbox(edge.url, to)).length;
    const fresh = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    const blocked = await pay(fresh, await newDevice(), '4000000000009995');
    assert.equal(blocked.status, 429);
    assert.equal(blocked.json.error.code, 'shopper_blocked');
    assert.ok(Number(blocked.headers.get('retry-after')) > 3600, 'blocked for a while');
    assert.equal((await outbox(edge.url, to)).length, before, 'no code sent to a blocked shopper');
  });
});

describe('pumping codes', () => {
  test('eight confirms from eight fresh device keys send one code; a session never sends more than four', async () => {
    const to = email();
    const s = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    const answers = await Promise.all(Array.from({ length: 8 }, async () => pay(s, await newDevice())));
    assert.equal((await outbox(edge.url, to)).length, 1, answers.map((a) => a.json.error?.code ?? a.json.status).join(', '));
    for (let i = 0; i < 6; i++) {
      await sleep(2100);
      await pay(s, await newDevice());
    }
    assert.equal((await outbox(edge.url, to)).length, 4, 'one code and three more, whichever device asks');
    await sleep(2100);
    const more = await pay(s, await newDevice());
    assert.equal(more.status, 429);
    assert.equal(more.json.error.code, 'resend_limit');
  });

  test('one phone number gets at most ten codes an hour, across sessions', async () => {
    const phone = `+1415555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;
    const codes = [];
    for (let i = 0; i < 12; i++) {
      const s = await createSession(edge.url, shop.secret_key, { shopper: { phone } });
      codes.push((await pay(s, await newDevice())).json.error?.code ?? 'sent');
    }
    assert.equal((await outbox(edge.url, phone)).length, 10);
    assert.deepEqual(codes.slice(10), ['destination_rate_limited', 'destination_rate_limited']);
  });
});

describe('binding the step-up', () => {
  test('the right code with another card is refused before the processor; with the stepped-up card it pays', async () => {
    const to = email();
    const s = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    const device = await newDevice();
    const number = randomVisa();
    assert.equal((await pay(s, device, number)).json.status, 'requires_action');
    const code = await latestCode(to);
    const before = (await ledger()).length;
    const swapped = await verify(s, device, code, '5555555555554444');
    assert.equal(swapped.status, 409, swapped.text);
    assert.equal(swapped.json.error.code, 'step_up_card_mismatch');
    const thief = await verify(s, await newDevice(), code, number);
    assert.equal(thief.json.error.code, 'step_up_not_started', 'the code belongs to the device it was sent for');
    assert.equal((await ledger()).length, before, 'the processor was never called');
    const ok = await verify(s, device, code, number);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.card.last4, number.slice(-4));
  });
});

describe('payments in flight', () => {
  test('another device or card cannot finish, or learn the outcome of, a payment in flight', async () => {
    const allow = await bootEdge();
    try {
      const merchant = await allow.merchant();
      const s = await createSession(allow.url, merchant.secret_key);
      const owner = await newDevice();
      const first = await confirm(allow.url, s, { device: owner, card: card('4000000000000770') });
      assert.equal(first.json.error.code, 'processor_timeout');
      const other = await newDevice();
      for (const [device, number] of [[other, '5555555555554444'], [other, '4000000000000770'], [owner, '5555555555554444']]) {
        const r = await confirm(allow.url, s, { device, card: card(number) });
        assert.equal(r.status, 409, r.text);
        assert.equal(r.json.error.code, 'payment_in_progress');
        assert.equal(r.json.error.payment, undefined, 'nothing about the payment leaks');
      }
      const charges = (await api(allow.url, '/dev/sandbox/ledger')).json.charges.filter((c) => c.idempotency_key === first.json.error.payment.id);
      assert.equal(charges[0].requests, 1, 'nobody else reached the processor');
      const mine = await confirm(allow.url, s, { device: owner, card: card('4000000000000770') });
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.json.status, 'succeeded');
    } finally {
      await allow.stop();
    }
  });

  test('concurrent confirms from many devices, even with one shared jti, charge a session once', async () => {
    const allow = await bootEdge();
    try {
      const merchant = await allow.merchant();
      const s = await createSession(allow.url, merchant.secret_key);
      const target = `${allow.url}/v1/checkout_sessions/${s.id}/confirm`;
      const jti = crypto.randomUUID();
      const devices = await Promise.all(Array.from({ length: 6 }, () => newDevice()));
      const answers = await Promise.all(devices.map(async (device, i) => {
        const dpop = await proof(device, 'POST', target, { jti });
        return confirm(allow.url, s, { device, dpop, card: card(i % 2 ? '5555555555554444' : '4242424242424242') });
      }));
      const statuses = answers.map((a) => a.json.status ?? a.json.error.code);
      assert.equal(statuses.filter((x) => x === 'succeeded').length, 1, statuses.join(', '));
      assert.ok(statuses.every((x) => ['succeeded', 'confirm_in_progress', 'session_already_paid', 'payment_in_progress'].includes(x)), statuses.join(', '));
      const payments = (await api(allow.url, '/v1/payments?limit=100', { key: merchant.secret_key })).json.data.filter((p) => p.checkout_session === s.id);
      assert.equal(payments.length, 1);
    } finally {
      await allow.stop();
    }
  });
});

describe('signals', () => {
  test('a trusted device that stops sending its fingerprint is stepped up', async () => {
    const to = email();
    const device = await newDevice();
    const number = randomVisa();
    const s1 = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    await pay(s1, device, number);
    assert.equal((await verify(s1, device, await latestCode(to), number)).status, 200);
    const s2 = await createSession(edge.url, shop.secret_key, { shopper: { email: to } });
    const hidden = await pay(s2, device, number, { fingerprint: null });
    assert.equal(hidden.json.status, 'requires_action');
    const decisions = (await api(edge.url, `/v1/checkout_sessions/${s2.id}`, { key: shop.secret_key })).json.risk_decisions;
    assert.deepEqual(decisions[0].reasons, ['fingerprint_missing']);
  });

  test('addresses of one IPv6 /64 count as one client', async () => {
    const strict = await bootEdge();
    try {
      const merchant = await strict.merchant();
      await setRiskRules(strict.url, strict.secrets.ADMIN_TOKEN, { velocity_window_seconds: 3600, rules: [{ id: 'ip_velocity', when: { ip_attempts_above: 2 }, action: 'deny' }] });
      const answers = [];
      for (const ip of ['2001:db8:7:1::10', '2001:db8:7:1:aaaa::1', '2001:db8:7:1:ffff:1:2:3', '2001:db8:7:2::1']) {
        const s = await createSession(strict.url, merchant.secret_key);
        answers.push((await confirm(strict.url, s, { card: card('4242424242424242'), headers: { 'CF-Connecting-IP': ip } })).json.status ?? 'refused');
      }
      assert.deepEqual(answers, ['succeeded', 'succeeded', 'refused', 'succeeded']);
    } finally {
      await strict.stop();
    }
  });
});
