// Reports and timelines over HTTP in workerd: the summary's numbers against payments made here,
// CSVs dated in the account's time zone and safe to open in a spreadsheet, a year of seeded
// payments streamed out, and a payment's whole timeline.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, card, confirm, createSession, newDevice, verify } from '../lib/checkout.mjs';
import { signUp } from '../lib/dashboard.mjs';
import { latestCode } from '../lib/outbox.mjs';
import { startReceiver } from '../lib/webhook-receiver.mjs';

let edge;
let shop;
let receiver;
const shopper = `shopper-${Date.now()}@example.com`;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());

before(async () => {
  edge = await bootEdge();
  receiver = await startReceiver();
  shop = await signUp(edge.url, `owner-${Date.now()}@example.com`);
  await api(edge.url, '/v1/webhook_endpoints', { method: 'POST', key: shop.keys.secret_key, body: { url: receiver.url, enabled_events: ['*'] } });
});
after(async () => {
  await receiver?.close();
  await edge?.stop();
});

const key = () => shop.keys.secret_key;

describe('the summary and the timeline', () => {
  let stepped;
  test("a merchant's own rule steps up a big payment: its timeline tells everything that happened", async () => {
    const rules = await shop.owner.call('PUT', '/v1/risk/rules', { rules: [{ id: 'big_basket', when: { amount_above: 5000 }, action: 'step_up' }] });
    assert.equal(rules.status, 200, rules.text);
    assert.equal(rules.json.defaults.rules.length, 0, 'the operator (in tests) allows everything');
    const refused = await shop.owner.call('PUT', '/v1/risk/rules', { rules: [{ id: 'Bad Id', when: 'new_device', action: 'deny' }] });
    assert.equal(refused.json.error.code, 'invalid_rules');
    const twice = await shop.owner.call('PUT', '/v1/risk/rules', { rules: [{ id: 'big_basket', when: 'new_device', action: 'deny' }, { id: 'big_basket', when: { amount_above: 1 }, action: 'deny' }] });
    assert.equal(twice.status, 422, twice.text);
    assert.equal(twice.json.error.code, 'duplicate_rule_id');
    const saved = (await shop.owner.call('GET', '/v1/risk/rules')).json.rules;
    assert.deepEqual(saved.map((r) => r.id), ['big_basket'], 'a refused change changes nothing');
    assert.deepEqual(saved[0].when, { amount_above: 5000 });

    const s = await createSession(edge.url, key(), { amount: 6000, currency: 'EUR', shopper: { email: shopper } });
    const device = await newDevice();
    const first = await confirm(edge.url, s, { device, card: card('4242424242424242') });
    assert.equal(first.json.status, 'requires_action');
    const wrong = await verify(edge.url, s, device, '000000');
    assert.equal(wrong.json.error.code, 'incorrect_code');
    const paid = await verify(edge.url, s, device, await latestCode(edge.url, shopper));
    assert.equal(paid.json.status, 'succeeded', paid.text);
    stepped = paid.json;
    const refund = await api(edge.url, '/v1/refunds', { method: 'POST', key: key(), body: { payment: stepped.id, amount: 1000 } });
    assert.equal(refund.status, 201);
    await receiver.waitFor(2);
    await new Promise((r) => setTimeout(r, 500));

    const timeline = (await shop.owner.call('GET', `/v1/payments/${stepped.id}/timeline`)).json.data;
    const types = timeline.map((e) => e.type);
    for (const t of ['session.created', 'risk.decision', 'step_up.sent', 'step_up.failed', 'step_up.passed', 'processor.call', 'payment.succeeded', 'refund.succeeded', 'webhook.delivery']) {
      assert.ok(types.includes(t), `${t} in ${types.join(', ')}`);
    }
    assert.equal(types[0], 'session.created');
    const decision = timeline.find((e) => e.type === 'risk.decision').detail;
    assert.deepEqual(decision.reasons, ['big_basket']);
    assert.equal(decision.action, 'step_up');
    assert.deepEqual(Object.keys(decision.signals).sort(), ['amount', 'fingerprint_missing'], 'nothing from other merchants');
    const call = timeline.find((e) => e.type === 'processor.call' && e.detail.operation === 'authorize').detail;
    assert.equal(call.outcome, 'approved');
    assert.ok(call.duration_ms >= 0);
    assert.ok(timeline.find((e) => e.type === 'processor.call' && e.detail.operation === 'refund'));
    const delivery = timeline.find((e) => e.type === 'webhook.delivery' && e.detail.event_type === 'payment.succeeded').detail;
    assert.equal(delivery.url, receiver.url);
    assert.equal(delivery.response_status, 200);
    assert.ok(timeline.findIndex((e) => e.type === 'step_up.sent') < timeline.findIndex((e) => e.type === 'step_up.passed'));
    assert.ok(!JSON.stringify(timeline).includes(shopper), 'the destination is masked');
  });

  test('the summary counts what happened today in the account\'s time zone', async () => {
    for (const number of ['4242424242424242', '4242424242424242', '4000000000000002']) {
      const s = await createSession(edge.url, key(), { amount: 2500, currency: 'EUR', shopper: { email: shopper } });
      await confirm(edge.url, s, { card: card(number) });
    }
    const day = today();
    const r = await shop.owner.call('GET', `/v1/reports/summary?from=${day}&to=${day}&interval=day`);
    assert.equal(r.status, 200, r.text);
    const t = r.json.totals;
    assert.equal(r.json.timezone, 'Europe/Berlin');
    assert.equal(t.payments, 4);
    assert.equal(t.succeeded, 3);
    assert.equal(t.failed, 1);
    assert.equal(t.approval_rate, 0.75);
    assert.deepEqual(t.declines, [{ code: 'generic_decline', count: 1 }]);
    assert.deepEqual(t.volume, [{ currency: 'EUR', amount: 6000 + 2500 + 2500 }]);
    assert.deepEqual(t.refunded, [{ currency: 'EUR', amount: 1000 }]);
    assert.equal(t.refunds, 1);
    assert.equal(t.step_ups, 1);
    assert.equal(t.step_ups_passed, 1);
    assert.equal(t.step_up_rate, 0.25, 'one of four confirmed checkouts');
    assert.equal(r.json.series.length, 1);
    assert.equal(r.json.series[0].date, day);
    // The same with the secret key.
    assert.deepEqual((await api(edge.url, `/v1/reports/summary?from=${day}&to=${day}`, { key: key() })).json.totals, t);
  });

  test('bad ranges are refused with their codes', async () => {
    const cases = [
      ['from=2026-02-01&to=2026-01-01', 'invalid_date_range'],
      ['from=2024-01-01&to=2026-01-01', 'invalid_date_range'],
      ['from=2026-02-30&to=2026-03-01', 'invalid_date'],
      ['to=2026-03-01', 'invalid_date'],
      ['from=2026-01-01&to=2026-01-02&interval=week', 'invalid_interval'],
      ['from=2026-01-01&to=2026-01-02&secret=1', 'invalid_query'],
    ];
    for (const [query, code] of cases) {
      const r = await api(edge.url, `/v1/reports/summary?${query}`, { key: key() });
      assert.equal(r.status, 400, query);
      assert.equal(r.json.error.code, code, query);
    }
    assert.equal((await api(edge.url, '/v1/reports/payments.csv?from=x&to=y', { key: key() })).json.error.code, 'invalid_date');
  });
});

describe('CSV exports', () => {
  test('payments and refunds as CSV, dated in Berlin, with formulas defused and no card numbers', async () => {
    const s = await createSession(edge.url, key(), { amount: 1234, currency: 'EUR', reference: '=HYPERLINK("http://evil.example","x")', shopper: { email: shopper } });
    const paid = await confirm(edge.url, s, { card: card('4242424242424242') });
    const day = today();
    const r = await api(edge.url, `/v1/reports/payments.csv?from=${day}&to=${day}`, { key: key() });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(r.headers.get('content-disposition'), /attachment; filename="payments-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"/);
    const lines = r.text.trim().split('\r\n');
    assert.equal(lines[0], 'id,created,amount,currency,status,captured,refunded,brand,last4,reference');
    const row = lines.find((l) => l.startsWith(paid.json.id));
    assert.match(row, /^pay_\w+,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00,12\.34,EUR,succeeded,12\.34,0\.00,visa,4242,"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)"$/);
    assert.ok(!r.text.includes('4242424242424242') && !r.text.includes(shopper) && !r.text.includes('_secret_'));
    const refunds = (await shop.owner.call('GET', `/v1/reports/refunds.csv?from=${day}&to=${day}`)).text.trim().split('\r\n');
    assert.equal(refunds[0], 'id,created,payment,amount,currency,status,reason');
    assert.equal(refunds.length, 2);
    assert.match(refunds[1], /,10\.00,EUR,succeeded,$/);
  });

  test('a year of payments streams out in pages, every row once', async () => {
    const year = await signUp(edge.url, `year-${Date.now()}@example.com`, { legal_name: 'Year GmbH', country: 'DE', address: { line1: 'A 1', city: 'B', postal_code: '1' }, website: 'https://year.example', support_email: 'y@year.example', timezone: 'UTC' });
    const to = Math.floor(Date.UTC(2026, 0, 1) / 1000);
    const from = to - 365 * 86400;
    const count = 20000;
    const seeded = await api(edge.url, '/dev/seed/payments', { method: 'POST', key: year.keys.secret_key, body: { count, from, to } });
    assert.equal(seeded.status, 201, seeded.text);
    const started = Date.now();
    const response = await fetch(`${edge.url}/v1/reports/payments.csv?from=2025-01-01&to=2025-12-31`, { headers: { Authorization: `Bearer ${year.keys.secret_key}` } });
    assert.equal(response.status, 200);
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      chunks += 1;
      text += decoder.decode(chunk, { stream: true });
    }
    const lines = text.trim().split('\r\n');
    assert.equal(lines.length, count + 1, 'the header and every payment');
    assert.equal(new Set(lines.slice(1).map((l) => l.split(',')[0])).size, count, 'no row twice');
    assert.ok(chunks > count / 500 / 2, `streamed in pages (${chunks} chunks)`);
    const summary = await api(edge.url, '/v1/reports/summary?from=2025-01-01&to=2025-12-31', { key: year.keys.secret_key });
    assert.equal(summary.json.totals.payments, count);
    assert.equal(summary.json.series.length, 365);
    assert.equal(summary.json.totals.failed, count / 10);
    console.log(`# a year: ${count} payments exported in ${Date.now() - started} ms, ${chunks} chunks, ${text.length} bytes`);
  });
});
