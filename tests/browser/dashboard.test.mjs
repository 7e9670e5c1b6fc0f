// The merchant dashboard in Chromium, as merchants use it: sign up, get keys, wire the demo
// store, see a payment with its timeline, refund half, export both; sign in again with a passkey;
// send an invoice that is paid on its hosted page; and an analyst who cannot refund. axe-core
// checks every page in every state these journeys reach; screenshots go to test-results/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/tools.mjs';
import { startStore } from '../../www/store/server.mjs';
import { audit } from '../lib/axe.mjs';
import { launch } from '../lib/browser.mjs';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api } from '../lib/checkout.mjs';
import { latestCode, outbox } from '../lib/outbox.mjs';
import { eventually } from '../lib/eventually.mjs';

const artifacts = join(repoRoot, 'test-results');
mkdirSync(artifacts, { recursive: true });
let edge;
let dash;
let browser;
let store;
const merchant = {};
const owner = { email: `owner-${Date.now()}@ada-books.example` };

before(async () => {
  edge = await bootEdge();
  // WebAuthn needs a domain for its RP ID: browsers reach the edge as localhost.
  dash = edge.url.replace('127.0.0.1', 'localhost');
  browser = await launch();
  store = await startStore({ edgeUrl: dash, merchant });
});
after(async () => {
  await store?.close();
  await browser?.close();
  await edge?.stop();
});

const shot = (page, name) => page.screenshot({ path: join(artifacts, `dashboard-${name}.png`), fullPage: true });

/** Checks a page state with axe and keeps a screenshot of it. */
async function see(page, name) {
  await page.waitForLoadState('networkidle');
  await audit(page, name);
  await shot(page, name);
}

async function emailCode(page, email) {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByLabel('Code', { exact: true }).waitFor();
  return () => latestCode(edge.url, email.toLowerCase());
}

/** Signs `email` in on the sign-in page; returns the page at the dashboard's home. */
async function signIn(context, email, next = '/dashboard/') {
  const page = await context.newPage();
  await page.goto(`${dash}/dashboard/sign-in/?next=${encodeURIComponent(next)}`);
  const code = await emailCode(page, email);
  await page.getByLabel('Code', { exact: true }).fill(await code());
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL((u) => u.pathname === next.split('?')[0]);
  return page;
}

/** Calls the API from the page, as its own scripts do (cookie, Origin, CSRF token). */
function fromPage(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const session = await (await fetch('/v1/dashboard/session')).json();
    const r = await fetch(path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token, 'Idempotency-Key': crypto.randomUUID() }, body: JSON.stringify(body) });
    return { status: r.status, json: await r.json() };
  }, { method, path, body });
}

async function payInStore(context, number = '4242 4242 4242 4242') {
  const page = await context.newPage();
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add to cart' }).first().click();
  await page.getByRole('button', { name: 'Checkout' }).click();
  await page.waitForURL(/\/checkout\/ord_/);
  const frame = page.frameLocator('#pay iframe');
  // The frame listens once its WebAssembly is running, which it shows by naming the amount.
  await frame.getByRole('button', { name: /Pay \$25\.00/ }).waitFor();
  await frame.locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiry date').fill('12 / 34');
  await frame.getByLabel('Security code').fill('123');
  await frame.getByLabel('Name on card').fill('Grace Hopper');
  await frame.getByRole('button', { name: /Pay/ }).click();
  await page.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor({ timeout: 20_000 });
  const order = await (await fetch(`${store.url}/orders/${page.url().match(/ord_[\w-]+/)[0]}.json`)).json();
  await page.close();
  return order;
}

describe('the dashboard', () => {
  let context;
  before(async () => { context = await browser.newContext(); });
  after(() => context?.close());

  test('sign up, get test keys, wire the store, see its payment with a timeline, refund half, export both', { timeout: 150_000 }, async () => {
    const page = await context.newPage();
    await page.goto(`${dash}/dashboard/sign-up/`);
    await see(page, 'sign-up-email');
    const code = await emailCode(page, owner.email);
    await see(page, 'sign-up-code');
    await page.getByLabel('Code', { exact: true }).fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').filter({ hasText: /4 attempts left/ }).waitFor();
    await see(page, 'sign-up-wrong-code');
    await page.getByLabel('Code', { exact: true }).fill(await code());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByLabel('Legal name').waitFor();
    await see(page, 'sign-up-business');
    await page.getByLabel('Legal name').fill("Ada's Books GmbH");
    await page.getByLabel('Country').selectOption('DE');
    await page.getByLabel('Address line 1').fill('Hauptstr. 1');
    await page.getByLabel('City').fill('Berlin');
    await page.getByLabel('Postal code').fill('10115');
    await page.getByLabel('Website').fill('https://ada-books.example');
    await page.getByLabel('Support email').fill('help@ada-books.example');
    await page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Go to dashboard' }).waitFor();
    await see(page, 'sign-up-keys');
    const keys = await page.locator('code.secret-value').allTextContents();
    merchant.publishable_key = keys.find((k) => k.startsWith('pk_test_'));
    merchant.secret_key = keys.find((k) => k.startsWith('sk_test_'));
    assert.ok(merchant.publishable_key && merchant.secret_key, 'both keys shown');
    // The key works at once.
    assert.equal((await api(edge.url, '/v1/payments', { key: merchant.secret_key })).status, 200);
    await page.getByRole('button', { name: 'Go to dashboard' }).click();
    await page.waitForURL(/\/dashboard\/$/);
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await see(page, 'home-empty');

    // Developers: the store's origin and its webhook endpoint, whose secret is shown once.
    await page.getByRole('link', { name: 'Developers', exact: true }).click();
    await page.getByRole('textbox', { name: 'Allowed origins' }).waitFor();
    await see(page, 'developers');
    await page.getByRole('textbox', { name: 'Allowed origins' }).fill(store.url);
    await page.getByRole('button', { name: 'Save origins' }).click();
    await page.getByText('Allowed origins saved.').waitFor();
    await page.getByText('Add an endpoint', { exact: true }).click();
    await page.getByLabel('Endpoint URL').fill(`${store.url}/webhooks/tessera`);
    await page.getByLabel('All events').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText('Endpoint added.').waitFor();
    const secret = page.locator('code.secret-value').filter({ hasText: /^whsec_/ });
    await secret.waitFor();
    merchant.webhook_secret = await secret.textContent();
    assert.ok(merchant.webhook_secret);
    await see(page, 'developers-endpoint-added');

    const order = await payInStore(context);
    assert.equal(order.status, 'paid', 'the store saw the signed webhook');

    await page.getByRole('link', { name: 'Payments', exact: true }).click();
    const row = page.locator(`a[href*="${order.payment}"]`).first();
    await row.waitFor();
    await see(page, 'payments');
    await row.click();
    await page.waitForURL(/\/dashboard\/payment\/\?id=pay_/);
    await page.getByRole('heading', { name: 'Refunds' }).waitFor();
    await page.getByText(/processor/i).first().waitFor();
    await see(page, 'payment');
    const refundForm = page.locator('form').filter({ has: page.getByRole('button', { name: 'Refund' }) });
    await refundForm.getByLabel('Amount').fill('12.50');
    await refundForm.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /12\.50/);
    await see(page, 'payment-refund-dialog');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(/Refund of .*12\.50.* requested/).waitFor();
    await see(page, 'payment-refunded');
    const payment = (await api(edge.url, `/v1/payments/${order.payment}`, { key: merchant.secret_key })).json;
    assert.equal(payment.amount_refunded, 1250);

    // Both CSVs, downloaded as a person would.
    await page.getByRole('link', { name: 'Payments', exact: true }).click();
    const [paymentsCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download payments CSV', exact: true }).click()]);
    const [refundsCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download refunds CSV', exact: true }).click()]);
    const payments = readFileSync(await paymentsCsv.path(), 'utf8');
    const refunds = readFileSync(await refundsCsv.path(), 'utf8');
    assert.match(payments, new RegExp(`${order.payment},[^\\r]*,25\\.00,USD,succeeded,25\\.00,12\\.50,visa,4242,${order.id}`));
    assert.match(refunds, new RegExp(`re_\\w+,[^,]+,${order.payment},12\\.50,USD,succeeded`));

    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await page.waitForLoadState('networkidle');
    await see(page, 'home');
    copyFileSync(join(artifacts, 'dashboard-home.png'), join(repoRoot, 'docs', 'dashboard.png'));
    await page.close();
  });

  test('a passkey added after the first sign-in signs in next time, with no code sent', { timeout: 90_000 }, async () => {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await page.goto(`${dash}/dashboard/`);
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Your passkey is ready; next time, sign in with it.').waitFor();
    await see(page, 'home-passkey-added');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/dashboard\/sign-in\//);
    await see(page, 'sign-in');
    const codes = (await outbox(edge.url, owner.email)).length;
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(/\/dashboard\/$/);
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    const session = await page.evaluate(async () => (await fetch('/v1/dashboard/session')).json());
    assert.equal(session.auth_method, 'passkey');
    assert.equal(session.user.email, owner.email);
    assert.equal((await outbox(edge.url, owner.email)).length, codes, 'no code was sent');
    await page.close();
  });

  test('an invoice is written, sent, paid on its hosted page and shown paid', { timeout: 120_000 }, async () => {
    const page = await context.newPage();
    await page.goto(`${dash}/dashboard/invoices/`);
    await page.getByRole('heading', { name: 'Invoices' }).waitFor();
    await see(page, 'invoices-empty');
    await page.getByRole('link', { name: 'New invoice', exact: true }).click();
    await page.getByLabel('Customer email').waitFor();
    await see(page, 'invoice-new');
    await page.getByLabel('Customer email').fill('grace@example.com');
    await page.getByLabel('Customer name').fill('Grace Hopper');
    await page.getByLabel('Currency').selectOption('EUR');
    await page.getByLabel('Description').fill('Rare first edition');
    await page.getByLabel('Quantity').fill('2');
    await page.getByLabel('Unit price').fill('40.00');
    await page.getByLabel('Tax rate (%)').fill('7');
    await page.getByText(/85\.60/).first().waitFor();
    await page.getByRole('button', { name: 'Save and send' }).click();
    await page.waitForURL(/\/dashboard\/invoice\/\?id=in_/);
    await page.getByText('Invoice finalized and sent to the customer.').waitFor();
    await see(page, 'invoice-open');
    const [mail] = await outbox(edge.url, 'grace@example.com');
    const link = mail.body.match(/https?:\/\/\S+\/i\/in_[a-z2-7]+/)[0];

    const customer = await browser.newContext();
    const hosted = await customer.newPage();
    await hosted.goto(link.replace('127.0.0.1', 'localhost'));
    const frame = hosted.frameLocator('#pay iframe');
    await frame.getByRole('button', { name: /Pay .*85\.60/ }).waitFor();
    await frame.locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started
    await see(hosted, 'hosted-invoice');
    await frame.getByLabel('Card number').fill('4242 4242 4242 4242');
    await frame.getByLabel('Expiry date').fill('12 / 34');
    await frame.getByLabel('Security code').fill('123');
    await frame.getByLabel('Name on card').fill('Grace Hopper');
    await frame.getByRole('button', { name: /Pay/ }).click();
    await hosted.locator('.status-paid').waitFor({ timeout: 20_000 });
    await see(hosted, 'hosted-invoice-paid');
    await hosted.goto(`${link.replace('127.0.0.1', 'localhost')}/print`);
    await see(hosted, 'hosted-invoice-print');
    await customer.close();

    await page.reload();
    await page.getByText('Paid', { exact: true }).first().waitFor();
    await see(page, 'invoice-paid');
    await page.getByRole('link', { name: 'Invoices', exact: true }).first().click();
    await page.getByRole('table').waitFor();
    await see(page, 'invoices');
    await page.close();
  });

  test('the other pages in their states: disputes, settings', { timeout: 90_000 }, async () => {
    const page = await context.newPage();
    const order = await payInStore(context, '4000 0000 0000 0259');
    // The sandbox opens the dispute a moment after the payment, as a processor would.
    await eventually(async () => (await api(edge.url, '/v1/disputes', { key: merchant.secret_key })).json.data.find((d) => d.payment === order.payment), 30_000);
    await page.goto(`${dash}/dashboard/disputes/`);
    await page.getByRole('heading', { name: 'Disputes' }).waitFor();
    await page.getByRole('button', { name: /Submit evidence/ }).first().waitFor();
    await see(page, 'disputes');
    await page.goto(`${dash}/dashboard/settings/`);
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await see(page, 'settings');
    await page.goto(`${dash}/dashboard/sign-in/`);
    await see(page, 'sign-in-signed-in');
    await page.close();
  });

  test('an invited analyst reads payments but has no refund button, and the API refuses a refund', { timeout: 90_000 }, async () => {
    const page = await context.newPage();
    await page.goto(`${dash}/dashboard/settings/`);
    const email = `analyst-${Date.now()}@ada-books.example`;
    const invite = page.locator('form').filter({ has: page.getByRole('button', { name: 'Invite' }) });
    await invite.getByLabel('Email', { exact: true }).fill(email);
    await invite.getByLabel('Role').selectOption('analyst');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await page.getByText(`Invitation sent to ${email}.`).waitFor();
    await see(page, 'settings-invited');
    const link = (await outbox(edge.url, email))[0].body.match(/https?:\/\/\S+\/dashboard\/invite\/\?token=inv_[a-z2-7]+/)[0];

    const theirs = await browser.newContext();
    const next = new URL(link).pathname + new URL(link).search;
    const analyst = await signIn(theirs, email, next);
    await see(analyst, 'invite');
    await analyst.getByRole('button', { name: /Join/ }).click();
    await analyst.waitForURL(/\/dashboard\/$/);
    const payments = (await api(edge.url, '/v1/payments', { key: merchant.secret_key })).json.data;
    await analyst.goto(`${dash}/dashboard/payment/?id=${payments.at(-1).id}`);
    await analyst.getByRole('heading', { name: 'Refunds' }).waitFor();
    await see(analyst, 'payment-as-analyst');
    assert.equal(await analyst.getByRole('button', { name: 'Refund' }).count(), 0, 'no refund button');
    assert.equal(await analyst.getByRole('button', { name: 'Capture' }).count(), 0);
    const refused = await fromPage(analyst, 'POST', '/v1/refunds', { payment: payments.at(-1).id, amount: 100 });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error.code, 'role_not_allowed');
    await theirs.close();
    await page.close();
  });
});
