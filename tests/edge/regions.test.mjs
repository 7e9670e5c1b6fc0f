// Regional policy over HTTP, in workerd, with the default risk rules and the development
// country header: strong customer authentication and its low-value counters in France, always
// in Japan, the merchant's rules in the US; fingerprints kept whole only after consent in
// Germany; every decision names its policy rule; the retention job removes what is past its
// window and nothing else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { codeIn } from '../lib/outbox.mjs';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, card, confirm, createSession, newDevice, proof, randomVisa, verify } from '../lib/checkout.mjs';

let edge;
let shop;

before(async () => {
  edge = await bootEdge({ riskRules: 'default' });
  shop = await edge.merchant({ name: 'Atelier Lumière' });
});
after(() => edge?.stop());

const email = () => `shopper-${Math.random().toString(36).slice(2)}@example.com`;
const from = (place) => ({ 'X-Tessera-Dev-Country': place });

async function latestCode(to) {
  const { messages } = (await api(edge.url, `/dev/outbox?to=${encodeURIComponent(to)}`)).json;
  return codeIn(messages[0].body);
}

const session = (to, amount, currency = 'EUR', extra = {}) => createSession(edge.url, shop.secret_key, { amount, currency, shopper: { email: to }, ...extra });
// Each shopper pays with a card of their own, so the risk rules' card velocity never adds up
// across tests; the card is remembered per device.
const cards = new Map();
const cardOf = (device) => cards.get(device) ?? cards.set(device, randomVisa()).get(device);
const pay = (s, device, place) => confirm(edge.url, s, { device, card: card(cardOf(device)), headers: from(place) });
const decisions = async (s) => (await api(edge.url, `/v1/checkout_sessions/${s.id}`, { key: shop.secret_key })).json.risk_decisions;

/** A device that passed a step-up from `place`: trusted for the shopper from then on. */
async function trustedDevice(to, place, currency = 'EUR', number) {
  const device = await newDevice();
  if (number) cards.set(device, number);
  const first = await session(to, 5000, currency);
  const asked = await pay(first, device, place);
  assert.equal(asked.json.status, 'requires_action', asked.text);
  const ok = await verify(edge.url, first, device, await latestCode(to), { number: cardOf(device), headers: from(place) });
  assert.equal(ok.json.status, 'succeeded', ok.text);
  return device;
}

describe('strong customer authentication', () => {
  test('a French trusted device pays 20 EUR five times without SCA; the sixth asks, as does 31 EUR', async () => {
    const to = email();
    const device = await trustedDevice(to, 'FR');
    for (let n = 1; n <= 5; n += 1) {
      const s = await session(to, 2000);
      const r = await pay(s, device, 'FR');
      assert.equal(r.json.status, 'succeeded', `payment ${n}: ${r.text}`);
      const [d] = await decisions(s);
      assert.equal(d.action, 'allow');
      assert.deepEqual(d.sca, { outcome: 'exempt', exemption: 'low_value', article: 'RTS (EU) 2018/389 Art. 16', rule: 'eea.sca.low_value' });
      assert.equal(d.policy.region, 'eea');
      assert.equal(d.policy.rule, 'eea.sca.low_value');
      assert.match(d.policy.version, /^\d{4}-\d{2}-\d{2}$/);
    }
    const sixth = await session(to, 2000);
    const asked = await pay(sixth, device, 'FR');
    assert.equal(asked.json.status, 'requires_action', 'five payments or 100 EUR since the last SCA');
    const [d6] = await decisions(sixth);
    assert.deepEqual(d6.reasons, ['sca_required']);
    assert.equal(d6.policy.rule, 'eea.sca.required');
    // Passing SCA starts the counters again: the next small payment is exempt once more.
    assert.equal((await verify(edge.url, sixth, device, await latestCode(to), { number: cardOf(device), headers: from('FR') })).json.status, 'succeeded');
    const after = await session(to, 2000);
    assert.equal((await pay(after, device, 'FR')).json.status, 'succeeded');
    const big = await session(to, 3100);
    assert.equal((await pay(big, device, 'FR')).json.status, 'requires_action', '31 EUR is above the low-value limit');
    assert.equal((await decisions(big))[0].sca.outcome, 'required');
  });

  test('the counters are the card\'s too: another shopper with the same card shares nothing but the card\'s room', async () => {
    const a = email();
    const shared = randomVisa();
    const device = await trustedDevice(a, 'FR', 'EUR', shared);
    for (let n = 1; n <= 5; n += 1) assert.equal((await pay(await session(a, 2000), device, 'FR')).json.status, 'succeeded');
    const b = email();
    // b proves a device with another card, so b's own counters start afresh; the shared card's
    // five are still used up.
    const other = await trustedDevice(b, 'FR', 'EUR');
    cards.set(other, shared);
    const s1 = await session(b, 2000);
    assert.equal((await pay(s1, other, 'FR')).json.status, 'requires_action', 'the card has used its five since its last SCA');
  });

  test('concurrent small payments cannot take more room than there is', async () => {
    const to = email();
    const device = await trustedDevice(to, 'FR');
    const sessions = await Promise.all(Array.from({ length: 8 }, () => session(to, 2000)));
    const answers = await Promise.all(sessions.map((s) => pay(s, device, 'FR')));
    const exempt = answers.filter((r) => r.json.status === 'succeeded').length;
    assert.equal(exempt, 5, answers.map((r) => r.json.status).join(','));
  });

  test('a Japanese trusted device is always stepped up; a US one is left to the risk rules', async () => {
    const jp = email();
    const device = await trustedDevice(jp, 'JP', 'JPY');
    const s = await session(jp, 500, 'JPY');
    assert.equal((await pay(s, device, 'JP')).json.status, 'requires_action');
    const [d] = await decisions(s);
    assert.deepEqual(d.reasons, ['sca_required']);
    assert.equal(d.policy.rule, 'jp.sca.always');

    const us = email();
    const usDevice = await trustedDevice(us, 'US-TX', 'USD');
    const u = await session(us, 50000, 'USD');
    assert.equal((await pay(u, usDevice, 'US-TX')).json.status, 'succeeded');
    const [du] = await decisions(u);
    assert.equal(du.policy.region, 'us');
    assert.equal(du.policy.rule, 'us.sca.risk_rules');
    assert.equal(du.sca.outcome, 'not_required');
  });

  test('a recurring series: the first payment is authenticated, later ones of the same amount are exempt', async () => {
    const to = email();
    const device = await trustedDevice(to, 'DE');
    const series = { recurring: { series: `plan-${Math.random().toString(36).slice(2)}` } };
    const first = await session(to, 4900, 'EUR', series);
    assert.equal((await pay(first, device, 'DE')).json.status, 'requires_action', 'Art. 14: SCA on the first');
    assert.equal((await verify(edge.url, first, device, await latestCode(to), { number: cardOf(device), headers: from('DE') })).json.status, 'succeeded');
    const second = await session(to, 4900, 'EUR', series);
    assert.equal((await pay(second, device, 'DE')).json.status, 'succeeded');
    assert.equal((await decisions(second))[0].sca.exemption, 'recurring');
    const changed = await session(to, 5900, 'EUR', series);
    assert.equal((await pay(changed, device, 'DE')).json.status, 'requires_action', 'another amount is not the same series');
    const bad = await api(edge.url, '/v1/checkout_sessions', { method: 'POST', key: shop.secret_key, body: { amount: 100, currency: 'EUR', reference: 'r', shopper: { email: to }, recurring: { series: 'no spaces' } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'invalid_recurring');
  });
});

describe('fingerprinting consent', () => {
  test('in Germany the edge keeps only the strictly necessary components until the device agrees', async () => {
    const to = email();
    const device = await trustedDevice(to, 'DE');
    const s = await session(to, 1000);
    const summary = await api(edge.url, `/v1/checkout_sessions/${s.id}/summary`, { method: 'POST', body: { client_secret: s.client_secret, publishable_key: shop.publishable_key }, headers: from('DE') });
    assert.equal(summary.json.privacy.fingerprinting, 'consent');
    assert.equal(summary.json.privacy.ask, true);
    assert.equal(summary.json.privacy.policy.rule, 'de.fingerprinting.consent');
    assert.equal((await pay(s, device, 'DE')).json.status, 'succeeded');
    const session1 = (await api(edge.url, `/v1/checkout_sessions/${s.id}`, { key: shop.secret_key })).json;
    assert.equal(session1.risk_decisions[0].policy.fingerprinting, 'de.fingerprinting.consent');

    const target = `${edge.url}/v1/checkout_sessions/${s.id}/consent`;
    const bad = await api(edge.url, `/v1/checkout_sessions/${s.id}/consent`, { method: 'POST', body: { client_secret: s.client_secret, choice: 'maybe', language: 'de' }, headers: { DPoP: await proof(device, 'POST', target), ...from('DE') } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'invalid_consent');
    const unsigned = await api(edge.url, `/v1/checkout_sessions/${s.id}/consent`, { method: 'POST', body: { client_secret: s.client_secret, choice: 'granted', language: 'de' }, headers: from('DE') });
    assert.equal(unsigned.status, 401, 'a choice is signed by the device it is about');
    const granted = await api(edge.url, `/v1/checkout_sessions/${s.id}/consent`, { method: 'POST', body: { client_secret: s.client_secret, choice: 'granted', language: 'de' }, headers: { DPoP: await proof(device, 'POST', target), ...from('DE') } });
    assert.equal(granted.status, 201, granted.text);
    assert.equal(granted.json.policy.rule, 'de.fingerprinting.consent');
    const shown = (await api(edge.url, `/v1/checkout_sessions/${s.id}`, { key: shop.secret_key })).json.consents;
    assert.equal(shown.length, 1);
    assert.equal(shown[0].choice, 'granted');
    assert.equal(shown[0].language, 'de');
    assert.equal(shown[0].policy.version, granted.json.policy.version);

    const again = await api(edge.url, `/v1/checkout_sessions/${s.id}/summary`, { method: 'POST', body: { client_secret: s.client_secret, publishable_key: shop.publishable_key, device: await thumbprint(device) }, headers: from('DE') });
    assert.equal(again.json.privacy.ask, false, 'the choice is remembered for this device');
    assert.equal(again.json.privacy.full, true);
    // Another merchant learns nothing of it: its frame asks again.
    const elsewhere = await edge.merchant({ name: 'Another Shop' });
    const o = await createSession(edge.url, elsewhere.secret_key, { amount: 1000, currency: 'EUR', shopper: { email: to } });
    const theirs = await api(edge.url, `/v1/checkout_sessions/${o.id}/summary`, { method: 'POST', body: { client_secret: o.client_secret, publishable_key: elsewhere.publishable_key, device: await thumbprint(device) }, headers: from('DE') });
    assert.equal(theirs.json.privacy.ask, true);
    assert.equal(theirs.json.privacy.choice, null);
  });

  test('a US, Maryland or Japanese shopper is never asked; Maryland gets the strictly necessary set; Japan its notice', async () => {
    const to = email();
    for (const [place, rule, ask, full] of [['US-TX', 'us.fingerprinting.full', false, true], ['US-MD', 'us_minimisation.fingerprinting.strictly_necessary', false, false], ['JP', 'jp.fingerprinting.full', false, true]]) {
      const x = await session(to, 1000);
      const r = await api(edge.url, `/v1/checkout_sessions/${x.id}/summary`, { method: 'POST', body: { client_secret: x.client_secret, publishable_key: shop.publishable_key }, headers: from(place) });
      assert.equal(r.json.privacy.policy.rule, rule, place);
      assert.equal(r.json.privacy.ask, ask, place);
      assert.equal(r.json.privacy.full, full, place);
      assert.deepEqual(r.json.privacy.notices, place === 'JP' ? ['processing_outside_japan'] : [], place);
    }
  });
});

async function thumbprint(device) {
  const jose = await import('jose');
  return jose.calculateJwkThumbprint(await jose.exportJWK(device.publicKey), 'sha256');
}

describe('the policy document', () => {
  test('the operator reads the document in force; nobody else does', async () => {
    const r = await api(edge.url, '/v1/policy', { key: edge.secrets.ADMIN_TOKEN });
    assert.equal(r.status, 200);
    assert.match(r.json.version, /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(r.json.regions.map((x) => x.id), ['de', 'eea', 'uk', 'jp', 'us_minimisation', 'us']);
    assert.equal(r.json.regions[0].rules.sca.low_value.max, 3000);
    assert.equal((await api(edge.url, '/v1/policy', { key: shop.secret_key })).status, 401);
  });
});

describe('retention', () => {
  test('the job, run with a moved clock, removes exactly what is past its window', async (t) => {

    const to = email();
    const device = await trustedDevice(to, 'DE');
    const s = await session(to, 1000);
    assert.equal((await pay(s, device, 'DE')).json.status, 'succeeded');
    // The Cron Trigger runs it at the real time: nothing of today goes.
    assert.equal((await fetch(`${edge.url}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`)).status, 200);
    assert.equal((await decisions(s)).length, 1);
    const now = Math.floor(Date.now() / 1000);
    const run = async (days) => {
      const r = await api(edge.url, '/dev/retention', { method: 'POST', body: { as_of: now + days * 86400 } });
      assert.equal(r.status, 200, `${r.text}\n${edge.logs().split("\n").filter((l) => /error|d1|fail/i.test(l)).join("\n")}`);
      return r.json.removed;
    };
    const at100 = await run(100);
    assert.ok(at100.step_ups >= 1, 'step-ups are kept 90 days');
    for (const kept of ['devices', 'risk_decisions', 'consents', 'payments', 'vault_cards']) assert.equal(at100[kept], 0, kept);
    assert.equal((await decisions(s)).length, 1, 'the decision stays');
    const at200 = await run(200);
    assert.ok(at200.fingerprints >= 1, 'fingerprints are kept 180 days in Germany');
    assert.equal(at200.devices, 0);
    const at400 = await run(400);
    assert.ok(at400.devices >= 1, 'devices are kept 395 days after their last use');
    assert.equal(at400.risk_decisions, 0);
    const at1900 = await run(1900);
    assert.ok(at1900.risk_decisions >= 1);
    assert.equal(at1900.payments, 0, 'payments are the merchant\'s records: kept longer');
    assert.equal((await decisions(s)).length, 0);
    const at2600 = await run(2600);
    assert.ok(at2600.payments >= 1, 'the merchant has no country: the default 7 years apply');
    assert.ok(at2600.vault_cards >= 1);
    const gone = await api(edge.url, `/v1/checkout_sessions/${s.id}`, { key: shop.secret_key });
    assert.equal(gone.status, 200, 'the session stays, without its shopper');
    assert.equal(gone.json.shopper?.email ?? null, null);
    // The device is a stranger again: a new step-up.
    const later = await session(to, 1000);
    const asked = await pay(later, device, 'DE');
    assert.equal(asked.json.status, 'requires_action');
  });
});

describe('the operator\'s own document', () => {
  test('a configured fraud rate turns on transaction risk analysis; a broken document stops the edge', async () => {
    const policy = (await api(edge.url, '/v1/policy', { key: edge.secrets.ADMIN_TOKEN })).json;
    for (const region of policy.regions) {
      if (region.rules.sca.mode === 'psd2') region.rules.sca.transaction_risk_analysis.fraud_rate_percent = 0.05;
    }
    policy.version = '2026-12-02-tra';
    const tra = await bootEdge({ riskRules: 'default', secrets: { POLICY_DOCUMENT: JSON.stringify(policy) } });
    try {
      const merchant = await tra.merchant({ name: 'Rate Shop' });
      const to = email();
      const device = await newDevice();
      const number = randomVisa();
      const first = await createSession(tra.url, merchant.secret_key, { amount: 5000, currency: 'EUR', shopper: { email: to } });
      assert.equal((await confirm(tra.url, first, { device, card: card(number), headers: from('FR') })).json.status, 'requires_action');
      const { messages } = (await api(tra.url, `/dev/outbox?to=${encodeURIComponent(to)}`)).json;
      assert.equal((await verify(tra.url, first, device, codeIn(messages.find((m) => m.subject === 'Your payment code').body), { number, headers: from('FR') })).json.status, 'succeeded');
      const mid = await createSession(tra.url, merchant.secret_key, { amount: 20000, currency: 'EUR', shopper: { email: to } });
      assert.equal((await confirm(tra.url, mid, { device, card: card(number), headers: from('FR') })).json.status, 'succeeded', '200 EUR at 0.05 % is within the 250 EUR band');
      const [d] = (await api(tra.url, `/v1/checkout_sessions/${mid.id}`, { key: merchant.secret_key })).json.risk_decisions;
      assert.deepEqual([d.sca.exemption, d.policy.version, d.policy.rule], ['transaction_risk_analysis', '2026-12-02-tra', 'eea.sca.transaction_risk_analysis']);
      const big = await createSession(tra.url, merchant.secret_key, { amount: 30000, currency: 'EUR', shopper: { email: to } });
      assert.equal((await confirm(tra.url, big, { device, card: card(number), headers: from('FR') })).json.status, 'requires_action', 'but not in the 500 EUR band');
    } finally {
      await tra.stop();
    }
    // Germany claimed twice: the edge answers nothing until the document is fixed.
    const broken = { ...policy, regions: [...policy.regions, { ...policy.regions[0], id: 'again' }] };
    const stopped = await bootEdge({ riskRules: 'default', secrets: { POLICY_DOCUMENT: JSON.stringify(broken) }, ready: (r) => r.status === 500 });
    try {
      const health = await api(stopped.url, '/health');
      assert.equal(health.status, 500);
      assert.equal(health.json.error.code, 'internal_error');
      const until = Date.now() + 5000;
      while (!/the regional policy document is not valid/.test(stopped.logs()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      assert.match(stopped.logs(), /the regional policy document is not valid/, 'the operator learns why from the log');
    } finally {
      await stopped.stop();
    }
  });

  test('a merchant\'s own rules can add a step-up, never waive the SCA a region asks for', async () => {
    const merchant = await edge.merchant({ name: 'Lenient Shop' });
    const lax = await api(edge.url, '/v1/risk/rules', { method: 'PUT', key: merchant.secret_key, body: { rules: [{ id: 'let_everyone_in', when: 'new_device', action: 'allow' }] } });
    assert.equal(lax.status, 200, lax.text);
    const to = email();
    const s = await createSession(edge.url, merchant.secret_key, { amount: 5000, currency: 'EUR', shopper: { email: to } });
    assert.equal((await confirm(edge.url, s, { card: card(randomVisa()), headers: from('FR') })).json.status, 'requires_action');
    const [d] = (await api(edge.url, `/v1/checkout_sessions/${s.id}`, { key: merchant.secret_key })).json.risk_decisions;
    assert.equal(d.sca.outcome, 'required');
  });
});
