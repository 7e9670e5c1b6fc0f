// Unauthorised-payment claims in Chromium, from both sides. A shopper pays in the demo store with
// an email for the receipt, opens the receipt's claim link, reports the payment and sees the
// merchant's deadline; the merchant finds it on the dashboard's Claims page and rejects it with an
// explanation (a second claim is refunded), an analyst reads a claim but has no buttons, and the
// claim page shows each answer. Then the personal account's new parts: its payments on the
// overview (one reported from there), each browser's fingerprinting choice on the Data page
// (withdrawn), and trusted merchants on the Security page (adding one asks for a passkey sign-in).
// axe-core checks every state; screenshots go to test-results/claims-<state>.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/tools.mjs';
import { startStore } from '../../www/store/server.mjs';
import { audit } from '../lib/axe.mjs';
import { launch } from '../lib/browser.mjs';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api, browser as frameBrowser, card, confirm, createSession, newDevice, proof, randomVisa } from '../lib/checkout.mjs';
import { invite, signUp } from '../lib/dashboard.mjs';
import { latestCode, nextCode, outbox } from '../lib/outbox.mjs';
import { eventually } from '../lib/eventually.mjs';
import { addPhone, shopperBrowser } from '../lib/shopper.mjs';
import { Authenticator } from '../lib/webauthn.mjs';

const artifacts = join(repoRoot, 'test-results');
mkdirSync(artifacts, { recursive: true });
let edge;
let site;
let browser;
let store;
let shop;
const merchant = {};
const ownerEmail = `owner-${Date.now()}@claims.example`;
const email = (who) => `${who}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`;

before(async () => {
  edge = await bootEdge();
  // Browsers reach the edge as localhost, as the other browser tests do.
  site = edge.url.replace('127.0.0.1', 'localhost');
  browser = await launch();
  store = await startStore({ edgeUrl: site, merchant });
  shop = await signUp(edge.url, ownerEmail);
  const origins = await shop.owner.call('POST', '/v1/account/allowed_origins', { allowed_origins: [store.url] });
  assert.equal(origins.status, 200, origins.text);
  const endpoint = await api(edge.url, '/v1/webhook_endpoints', { method: 'POST', key: shop.keys.secret_key, body: { url: `${store.url}/webhooks/tessera`, enabled_events: ['*'] } });
  assert.equal(endpoint.status, 201, endpoint.text);
  Object.assign(merchant, { publishable_key: shop.keys.publishable_key, secret_key: shop.keys.secret_key, webhook_secret: endpoint.json.secret });
});
after(async () => {
  await store?.close();
  await browser?.close();
  await edge?.stop();
});

/** Checks a page state with axe and keeps a screenshot of it. */
async function see(page, name) {
  await page.waitForLoadState('networkidle');
  await audit(page, name);
  await page.screenshot({ path: join(artifacts, `claims-${name}.png`), fullPage: true });
}

const heading = (page, name) => page.getByRole('heading', { name, exact: true, level: 1 });

/** The claim link in the newest receipt to `to`, as the browser opens it. */
async function claimLink(to) {
  const receipt = await eventually(async () => (await outbox(edge.url, to)).find((m) => m.subject.startsWith('Your payment to')));
  return receipt.body.match(/https?:\/\/\S+\/claim\/#t=[A-Za-z0-9_.~-]+/)[0].replace('127.0.0.1', 'localhost');
}

/** Pays for a tee in the demo store, with `to` for the receipt; the order as the store has it. */
async function payInStore(context, to) {
  const page = await context.newPage();
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add to cart' }).first().click();
  await page.getByLabel('Email for your receipt').fill(to);
  await page.getByRole('button', { name: 'Checkout' }).click();
  await page.waitForURL(/\/checkout\/ord_/);
  const frame = page.frameLocator('#pay iframe');
  await frame.getByRole('button', { name: /Pay \$25\.00/ }).waitFor();
  await frame.locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started
  await frame.getByLabel('Card number').fill('4242 4242 4242 4242');
  await frame.getByLabel('Expiry date').fill('12 / 34');
  await frame.getByLabel('Security code').fill('123');
  await frame.getByLabel('Name on card').fill('Grace Hopper');
  await frame.getByRole('button', { name: /Pay/ }).click();
  await page.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor({ timeout: 20_000 });
  const order = await (await fetch(`${store.url}/orders/${page.url().match(/ord_[\w-]+/)[0]}.json`)).json();
  await page.close();
  return order;
}

/** Signs `address` in to the dashboard on its sign-in page; the page at `next`. */
async function dashboardSignIn(context, address, next) {
  const page = await context.newPage();
  await page.goto(`${site}/dashboard/sign-in/?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email', { exact: true }).fill(address);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByLabel('Code', { exact: true }).waitFor();
  await page.getByLabel('Code', { exact: true }).fill(await latestCode(edge.url, address.toLowerCase()));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL((u) => u.pathname === next.split('?')[0]);
  return page;
}

async function frameCall(session, device, path, body, headers = {}) {
  const target = `${edge.url}/v1/checkout_sessions/${session.id}/${path}`;
  return api(edge.url, `/v1/checkout_sessions/${session.id}/${path}`, { method: 'POST', body: { client_secret: session.client_secret, ...body }, headers: { DPoP: await proof(device, 'POST', target), ...headers } });
}

/**
 * A personal account made as the card frame and the account pages make one (from node): a guest
 * payment's card saved to it, a phone, a passkey; then, from a German browser that agreed to
 * fingerprinting, it signs in within the frame and pays the shop with the saved card.
 */
async function accountThatPaid() {
  const to = email('holder');
  const first = await createSession(edge.url, merchant.secret_key, { shopper: { email: to } });
  const device = await newDevice();
  assert.equal((await confirm(edge.url, first, { device, card: card(randomVisa()) })).json.status, 'succeeded');
  const offer = (await frameCall(first, device, 'save_card')).json.offer;
  const b = shopperBrowser(edge.url);
  await b.signIn(to);
  await addPhone(edge.url, b, `+4477009${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`);
  const saved = (await b.call('POST', '/v1/me/cards', { offer })).json;
  const authenticator = new Authenticator();
  const options = (await b.call('POST', '/v1/me/passkeys/options', { purpose: 'register' })).json;
  assert.equal((await b.call('POST', '/v1/me/passkeys', { credential: authenticator.create(options, edge.url) })).status, 201);

  const s = await createSession(edge.url, merchant.secret_key, { amount: 3000, currency: 'EUR' });
  const german = await newDevice();
  const consent = await frameCall(s, german, 'consent', { choice: 'granted', language: 'de' }, { 'X-Tessera-Dev-Country': 'DE' });
  assert.equal(consent.status, 201, consent.text);
  const signInOptions = (await frameCall(s, german, 'account/options')).json.publicKey;
  assert.equal((await frameCall(s, german, 'account/sign_in', { credential: authenticator.get(signInOptions, edge.url) })).status, 200);
  const paid = await frameCall(s, german, 'account/pay', { card: saved.id, browser: frameBrowser });
  assert.equal(paid.status, 200, paid.text);
  return to;
}

describe('unauthorised-payment claims', () => {
  test('report from the receipt, see the deadline; the merchant rejects one and refunds another; the claim page shows each answer', { timeout: 120_000 }, async () => {
    const shopper = await browser.newContext();
    const to = email('shopper');
    const order = await payInStore(shopper, to);
    assert.equal(order.status, 'paid');
    const link = await claimLink(to);
    const token = link.split('#t=')[1];

    // The claim page: the payment, and the form.
    const page = await shopper.newPage();
    const urls = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(link);
    await heading(page, 'Report a payment').waitFor();
    await page.getByRole('heading', { name: 'Report this payment as not made by you' }).waitFor();
    assert.ok(!page.url().includes('#t='), 'the token leaves the address bar at once');
    const facts = await page.locator('dl').first().textContent();
    assert.match(facts, /Ada's Books GmbH/);
    assert.match(facts, /\$25\.00/);
    assert.match(facts, new RegExp(order.payment));
    await see(page, 'claim-form');
    await page.getByRole('button', { name: 'Report this payment', exact: true }).click();
    await page.getByText('Fill this in: 10 to 2000 characters.').waitFor();
    await see(page, 'claim-form-invalid');
    await page.getByLabel('What happened?').fill('I have never bought anything from this shop.');
    await page.getByRole('button', { name: 'Report this payment', exact: true }).click();
    await page.getByRole('heading', { name: 'Your report' }).waitFor();
    await page.getByText(/^The merchant must answer by /).first().waitFor();
    await page.getByRole('status').filter({ hasText: /Your report is sent\. The merchant must answer by/ }).waitFor();
    await see(page, 'claim-reported');
    assert.ok(urls.every((u) => !u.includes(token)), 'the token is in no URL a request went to');

    // A second payment, reported from its receipt without a browser: the merchant refunds this one.
    const other = email('other');
    const s = await createSession(edge.url, merchant.secret_key, { amount: 1250, currency: 'EUR', shopper: { email: other } });
    assert.equal((await confirm(edge.url, s, { card: card(randomVisa()) })).json.status, 'succeeded');
    const otherLink = await claimLink(other);
    const reported = await api(edge.url, '/v1/claims', { method: 'POST', body: { token: otherLink.split('#t=')[1], description: 'My card was stolen last week.' } });
    assert.equal(reported.status, 201, reported.text);
    const claims = (await api(edge.url, '/v1/claims?status=open', { key: merchant.secret_key })).json.data;
    const first = claims.find((c) => c.payment === order.payment);
    assert.ok(first && first.due_at > Date.now() / 1000, 'the first claim is open with a deadline ahead');

    // The merchant: the Claims page, then the first claim rejected with an explanation.
    const office = await browser.newContext();
    const dash = await dashboardSignIn(office, ownerEmail, '/dashboard/claims/');
    await heading(dash, 'Claims').waitFor();
    await dash.locator(`a[href="/dashboard/claim/?id=${first.id}"]`).waitFor();
    const rows = await dash.locator('tbody').textContent();
    assert.match(rows, /\$25\.00/);
    assert.match(rows, /€12\.50/);
    assert.match(rows, /Receipt link/);
    assert.equal(await dash.getByRole('link', { name: 'Claims', exact: true }).getAttribute('aria-current'), 'page');
    await see(dash, 'dashboard-claims');
    await dash.locator(`a[href="/dashboard/claim/?id=${first.id}"]`).click();
    await heading(dash, 'Claim on $25.00').waitFor();
    await dash.getByText('I have never bought anything from this shop.').waitFor();
    await see(dash, 'dashboard-claim');
    await dash.getByRole('button', { name: 'Reject claim' }).click();
    await dash.getByText('Fill this in: 10 to 2000 characters.').waitFor();
    const explanation = 'Delivered to the cardholder’s address on 3 December, signed for by G. Hopper.';
    await dash.getByLabel('Explanation for the shopper').fill(explanation);
    await dash.getByRole('button', { name: 'Reject claim' }).click();
    const dialog = dash.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /signed for by G\. Hopper/);
    await see(dash, 'dashboard-claim-reject-dialog');
    await dialog.getByRole('button', { name: 'Reject claim' }).click();
    await dash.getByText('Claim rejected; the shopper can read your explanation.').waitFor();
    assert.equal(await dash.getByRole('button', { name: 'Refund' }).count(), 0, 'an answered claim has no buttons');
    await see(dash, 'dashboard-claim-rejected');

    // The second claim refunded, confirmed in a dialog.
    await dash.goto(`${site}/dashboard/claim/?id=${reported.json.id}`);
    await heading(dash, 'Claim on €12.50').waitFor();
    await dash.getByRole('button', { name: 'Refund', exact: true }).click();
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /€12\.50/);
    await see(dash, 'dashboard-claim-refund-dialog');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dash.getByText('Refunded €12.50; the claim is closed.').waitFor();
    await see(dash, 'dashboard-claim-refunded');
    const refunded = (await api(edge.url, `/v1/claims/${reported.json.id}`, { key: merchant.secret_key })).json;
    assert.equal(refunded.status, 'refunded');
    assert.match(refunded.refund, /^re_/);

    // An analyst reads the claim but has neither button.
    const analystEmail = email('analyst');
    await invite(edge.url, shop.owner, analystEmail, 'analyst');
    const theirs = await browser.newContext();
    const analyst = await dashboardSignIn(theirs, analystEmail, `/dashboard/claim/?id=${reported.json.id}`);
    await heading(analyst, 'Claim on €12.50').waitFor();
    await analyst.getByText('My card was stolen last week.').waitFor();
    assert.equal(await analyst.getByRole('button', { name: /Refund|Reject/ }).count(), 0, 'no Refund or Reject for an analyst');
    await theirs.close();

    // The claim page, opened from the receipt again: the merchant's answer.
    await page.goto(link);
    await page.getByRole('heading', { name: 'Your report' }).waitFor();
    await page.getByText(explanation).waitFor();
    assert.match(await page.locator('section').nth(1).textContent(), /Rejected/);
    await see(page, 'claim-rejected');
    // In German too: the language switch keeps the link's token.
    await page.getByLabel('Language', { exact: true }).selectOption('de');
    await heading(page, 'Zahlung melden').waitFor();
    await page.getByText(/hat Ihre Meldung abgelehnt/).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
    assert.ok(!page.url().includes('#t='));
    await see(page, 'claim-rejected-de');
    await page.getByLabel('Sprache', { exact: true }).selectOption('en');
    await heading(page, 'Report a payment').waitFor();
    await page.goto(otherLink);
    await page.getByText(/refunded this payment/).waitFor();
    await see(page, 'claim-refunded');
    // A broken link, and none at all.
    await page.goto(`${site}/claim/#t=pay_nothing.here`);
    await heading(page, 'This link does not work').waitFor();
    await see(page, 'claim-invalid');
    await page.goto(`${site}/claim/`);
    await page.getByText('This link is incomplete.').waitFor();
    const served = await fetch(`${edge.url}/claim/`);
    assert.match(served.headers.get('content-security-policy') ?? '', /script-src 'self'/, 'the claim page is served with the CSP');
    assert.equal(served.headers.get('referrer-policy'), 'no-referrer');
    await office.close();
    await shopper.close();
  });

  test('the account: its payments with a report, each browser\'s fingerprinting choice withdrawn, trusted merchants', { timeout: 90_000 }, async () => {
    const address = await accountThatPaid();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site}/account/sign-in/`);
    await page.getByLabel('Email', { exact: true }).fill(address);
    const before = (await outbox(edge.url, address)).length;
    await page.getByRole('button', { name: 'Send code', exact: true }).click();
    await page.getByLabel('Code', { exact: true }).fill(await nextCode(edge.url, address, before));
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/account/');

    // The overview: the payment to the shop, reported from there.
    const item = page.locator('.paid-item').filter({ hasText: "€30.00 to Ada's Books GmbH" });
    await item.waitFor();
    await see(page, 'account-payments');
    await item.getByText('Report as not made by me').click();
    await item.getByLabel('What happened?').fill('My flatmate used my account without asking.');
    await item.getByRole('button', { name: 'Send report' }).click();
    await page.getByRole('status').filter({ hasText: /Your report is sent\. Ada's Books GmbH must answer by/ }).waitFor();
    await item.getByText('Open').waitFor();
    await see(page, 'account-payment-reported');

    // Your data: the German browser's "yes", withdrawn.
    await page.getByRole('link', { name: 'Your data', exact: true }).click();
    const choices = page.locator('#consents tbody tr');
    await choices.filter({ hasText: 'Agreed' }).waitFor();
    await see(page, 'account-consents');
    await page.getByRole('button', { name: /^Withdraw \(Browser 1 at .+\)$/ }).click();
    await page.getByText(/^Withdrawn for Browser 1 at .+: it is asked again at its next payment\.$/).waitFor();
    await choices.filter({ hasText: 'Withdrawn' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /^Withdraw/ }).count(), 0);
    await see(page, 'account-consents-withdrawn');

    // Security: the shop it paid can be trusted, after a fresh passkey sign-in.
    await page.getByRole('link', { name: 'Security', exact: true }).click();
    const trusted = page.locator('#trusted');
    await trusted.getByText('You trust no merchant: every payment gets the checks the rules ask for.').waitFor();
    await trusted.getByRole('button', { name: "Trust Ada's Books GmbH" }).waitFor();
    await see(page, 'account-trusted');
    await trusted.getByRole('button', { name: "Trust Ada's Books GmbH" }).click();
    await trusted.getByText('Sign in again with your passkey to change this list.').waitFor();
    await trusted.getByRole('button', { name: 'Sign in again with your passkey' }).waitFor();
    await see(page, 'account-trusted-reauth');
    await context.close();
  });
});
