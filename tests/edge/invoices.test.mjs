// Invoices over HTTP in workerd: drafts with their totals and refusals, finalization with a
// number, an email and a hosted page, payment through the page's checkout session turning the
// invoice paid, voids, and the printable view.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, card, confirm } from '../lib/checkout.mjs';
import { BUSINESS, signUp } from '../lib/dashboard.mjs';
import { outbox } from '../lib/outbox.mjs';

let edge;
let shop;
before(async () => {
  edge = await bootEdge();
  shop = await signUp(edge.url, `owner-${Date.now()}@example.com`);
});
after(() => edge?.stop());

const customer = () => ({ email: `c${Math.random().toString(36).slice(2, 8)}@example.com`, name: 'Grace Hopper' });
const body = (over = {}) => ({ customer: customer(), currency: 'EUR', line_items: [{ description: 'Consulting, November', quantity: 3, unit_amount: 333, tax_rate: 19 }, { description: 'Travel', quantity: 1, unit_amount: 4500 }], memo: 'Thank you!', ...over });
const post = (path, b) => api(edge.url, path, { method: 'POST', key: shop.keys.secret_key, body: b });
const get = (path) => api(edge.url, path, { key: shop.keys.secret_key });

/** The client secret the hosted page gives the card frame. */
const pageSecret = (html) => html.match(/data-client-secret="([^"]+)"/)?.[1];

describe('invoices', () => {
  test('a draft has its totals, is numbered when finalized, and its customer is emailed the link', async () => {
    const draft = await post('/v1/invoices', body());
    assert.equal(draft.status, 201, draft.text);
    assert.match(draft.json.id, /^in_/);
    assert.equal(draft.json.status, 'draft');
    assert.equal(draft.json.number, null);
    assert.equal(draft.json.hosted_invoice_url, null);
    assert.deepEqual([draft.json.subtotal, draft.json.tax, draft.json.total], [5499, 190, 5689], 'per-line tax rounded half up: 999 × 19 % = 189.81');
    assert.equal((await api(edge.url, `/i/${draft.json.id}`)).status, 404, 'a draft has no page');

    const changed = await post(`/v1/invoices/${draft.json.id}`, { due_date: '2099-01-31', footer: 'IBAN DE00 0000' });
    assert.equal(changed.json.due_date, '2099-01-31');
    const open = await post(`/v1/invoices/${draft.json.id}/finalize`, {});
    assert.equal(open.status, 200, open.text);
    assert.equal(open.json.status, 'open');
    assert.match(open.json.number, /^[A-Z2-7]{8}-0001$/);
    assert.equal(open.json.hosted_invoice_url, `${edge.url}/i/${draft.json.id}`);
    const [mail] = await outbox(edge.url, draft.json.customer.email);
    assert.match(mail.body, new RegExp(`${edge.url}/i/${draft.json.id}`));
    assert.match(mail.body, /56\.89 EUR/);
    assert.equal((await post(`/v1/invoices/${draft.json.id}`, { memo: null })).json.error.code, 'invoice_not_editable');
    assert.equal((await post(`/v1/invoices/${draft.json.id}/finalize`, {})).json.error.code, 'invoice_not_editable');
    const second = await post(`/v1/invoices/${(await post('/v1/invoices', body())).json.id}/finalize`, {});
    assert.match(second.json.number, /-0002$/);
  });

  test('the page and the email speak the merchant\'s language, right to left in Arabic', async () => {
    const arabic = await signUp(edge.url, `owner-ar-${Date.now()}@example.com`, { ...BUSINESS, legal_name: 'مكتبة آدا', locale: 'ar' });
    const as = (method, path, b) => api(edge.url, path, { method, key: arabic.keys.secret_key, body: b });
    const draft = await as('POST', '/v1/invoices', body({ due_date: '2099-01-31' }));
    assert.equal(draft.status, 201, draft.text);
    const open = await as('POST', `/v1/invoices/${draft.json.id}/finalize`, {});
    assert.equal(open.status, 200, open.text);
    const [mail] = await outbox(edge.url, draft.json.customer.email);
    assert.equal(mail.subject, `الفاتورة ${open.json.number} من مكتبة آدا`);
    assert.match(mail.body, /بمبلغ 56\.89 EUR، تستحق في 2099-01-31/);
    const page = await api(edge.url, `/i/${draft.json.id}`);
    assert.match(page.text, /<html lang="ar" dir="rtl">/);
    for (const word of ['فاتورة', 'الإجمالي', 'ادفع هذه الفاتورة', 'نسخة للطباعة']) assert.ok(page.text.includes(word), word);
    assert.match(page.text, /data-locale="ar"/, 'the frame on the page speaks it too');
  });

  test('bad drafts are refused with their codes and make nothing', async () => {
    const before = (await get('/v1/invoices?limit=100')).json.data.length;
    const cases = [
      [body({ customer: { email: 'nobody', name: 'X' } }), 'invalid_customer'],
      [body({ line_items: [] }), 'invalid_line_items'],
      [body({ line_items: [{ description: 'x', quantity: 0, unit_amount: 1 }] }), 'invalid_line_items'],
      [body({ line_items: [{ description: 'x', quantity: 1, unit_amount: 1, tax_rate: 8.255 }] }), 'invalid_tax_rate'],
      [body({ currency: 'XYZ' }), 'unsupported_currency'],
      [body({ due_date: '2026-02-30' }), 'invalid_date'],
      [body({ memo: 'x'.repeat(1001) }), 'invalid_invoice_text'],
      [{ ...body(), amount: 5 }, 'invalid_json'],
    ];
    for (const [b, code] of cases) {
      const r = await post('/v1/invoices', b);
      assert.equal(r.status, 400, code);
      assert.equal(r.json.error.code, code);
    }
    assert.equal((await get('/v1/invoices?limit=100')).json.data.length, before);
    assert.equal((await get('/v1/invoices?status=unknown')).json.error.code, 'invalid_query');
  });

  test('paid through its hosted page, the invoice turns paid and its page says so', async () => {
    const draft = await post('/v1/invoices', body());
    await post(`/v1/invoices/${draft.json.id}/finalize`, {});
    const page = await api(edge.url, `/i/${draft.json.id}`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    assert.equal(page.headers.get('x-robots-tag'), 'noindex');
    assert.match(page.text, /Consulting, November/);
    assert.match(page.text, /56\.89 EUR/);
    const secret = pageSecret(page.text);
    assert.match(secret, /^cs_\w+_secret_/);
    assert.equal(pageSecret((await api(edge.url, `/i/${draft.json.id}`)).text), secret, 'the same session while it is open');

    const session = { id: secret.split('_secret_')[0], client_secret: secret };
    const paid = await confirm(edge.url, session, { card: card('4242424242424242') });
    assert.equal(paid.json.status, 'succeeded', paid.text);
    const invoice = (await get(`/v1/invoices/${draft.json.id}`)).json;
    assert.equal(invoice.status, 'paid');
    assert.equal(invoice.payment, paid.json.id);
    assert.equal(invoice.amount_paid, 5689);
    const after = await api(edge.url, `/i/${draft.json.id}`);
    assert.match(after.text, /status-paid/);
    assert.equal(pageSecret(after.text), undefined, 'nothing left to pay');
    assert.equal((await post(`/v1/invoices/${draft.json.id}/void`, {})).json.error.code, 'invoice_not_voidable');
    const events = (await get('/v1/events?type=invoice.paid')).json.data;
    assert.ok(events.some((e) => e.data.object.id === draft.json.id));
  });

  test('a voided invoice cannot be paid, even by a frame opened before', async () => {
    const draft = await post('/v1/invoices', body());
    await post(`/v1/invoices/${draft.json.id}/finalize`, {});
    const secret = pageSecret((await api(edge.url, `/i/${draft.json.id}`)).text);
    const voided = await post(`/v1/invoices/${draft.json.id}/void`, {});
    assert.equal(voided.json.status, 'void');
    const session = { id: secret.split('_secret_')[0], client_secret: secret };
    const late = await confirm(edge.url, session, { card: card('4242424242424242') });
    assert.equal(late.json.error.code, 'session_canceled');
    const page = await api(edge.url, `/i/${draft.json.id}`);
    assert.match(page.text, /status-void/);
    assert.equal(pageSecret(page.text), undefined);
    const print = await api(edge.url, `/i/${draft.json.id}/print`);
    assert.equal(print.status, 200);
    assert.ok(!print.text.includes('<script'), 'the printable view runs nothing');
    assert.match(print.text, /Grace Hopper/);
  });
});
