// A Tessera account across two merchants' stores in Chromium: a guest pays at the first store,
// saves the card from the card frame into a new account (email, phone, in the Tessera window the
// frame opens), goes through the address and identity levels, adds a passkey, then pays at the second store with the passkey and the saved card,
// typing nothing; revokes the second store's card frame as a device, downloads the data and
// deletes the account. axe-core checks every state; screenshots in test-results/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/tools.mjs';
import { startStore } from '../../www/store/server.mjs';
import { audit } from '../lib/axe.mjs';
import { launch } from '../lib/browser.mjs';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api } from '../lib/checkout.mjs';
import { latestCode } from '../lib/outbox.mjs';

const artifacts = join(repoRoot, 'test-results');
mkdirSync(artifacts, { recursive: true });
let edge;
let site;
let browser;
const stores = [];

/** A store on the edge as its own merchant, offering Tessera accounts in its frame. */
async function store(name) {
  const merchant = {};
  const s = await startStore({ edgeUrl: site, merchant, accounts: true });
  Object.assign(merchant, await edge.merchant({ name, allowed_origins: [s.url], webhook_url: `${s.url}/webhooks/tessera` }));
  stores.push(s);
  return { ...s, merchant };
}

before(async () => {
  edge = await bootEdge();
  site = edge.url.replace('127.0.0.1', 'localhost');
  browser = await launch();
});
after(async () => {
  for (const s of stores) await s.close();
  await browser?.close();
  await edge?.stop();
});

async function see(page, name) {
  await page.waitForLoadState('networkidle');
  await audit(page, name);
  await page.screenshot({ path: join(artifacts, `account-checkout-${name}.png`), fullPage: true });
}

async function toCheckout(page, s) {
  await page.goto(s.url);
  await page.getByRole('button', { name: 'Add to cart' }).first().click();
  await page.getByRole('button', { name: 'Checkout' }).click();
  await page.waitForURL(/\/checkout\/ord_/);
  const frame = page.frameLocator('#pay iframe');
  await frame.getByRole('button', { name: /Pay \$25\.00/ }).waitFor();
  await frame.locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started
  return frame;
}

describe('a Tessera account across merchants', () => {
  test('a guest saves the card, then pays at another store with the passkey and no typing', { timeout: 240_000 }, async () => {
    const first = await store('First Books');
    const second = await store('Second Records');
    const address = `shopper-${Date.now()}@example.com`;
    const number = `+4477009${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`;
    const context = await browser.newContext();

    // 1. A guest pays at the first store; the frame offers to save the card.
    const page = await context.newPage();
    let frame = await toCheckout(page, first);
    await frame.getByLabel('Card number').fill('4242 4242 4242 4242');
    await frame.getByLabel('Expiry date').fill('12 / 34');
    await frame.getByLabel('Security code').fill('123');
    await frame.getByLabel('Name on card').fill('Grace Hopper');
    await frame.getByRole('button', { name: /Pay \$25\.00/ }).click();
    await frame.getByRole('button', { name: 'Save my card', exact: true }).waitFor();
    await see(page, 'save-offer');
    const [popup] = await Promise.all([page.waitForEvent('popup'), frame.getByRole('button', { name: 'Save my card', exact: true }).click()]);
    // The frame hands over the offer, then tells the store the payment is complete.
    await page.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor({ timeout: 20_000 });

    // 2. In the Tessera window: sign up with an email code, prove the phone, the card is saved.
    await popup.waitForURL((u) => u.pathname === '/account/sign-in/' && u.searchParams.get('next') === '/account/save/');
    assert.ok(!popup.url().includes('cso_'), 'the offer never travels in an address');
    await popup.getByLabel('Email', { exact: true }).fill(address);
    await popup.getByRole('button', { name: 'Send code', exact: true }).click();
    await popup.getByLabel('Code', { exact: true }).fill(await latestCode(edge.url, address));
    await popup.getByRole('button', { name: 'Verify', exact: true }).click();
    await popup.waitForURL((u) => u.pathname === '/account/save/');
    await popup.getByLabel('Mobile number', { exact: true }).waitFor();
    await see(popup, 'save-needs-phone');
    await popup.getByLabel('Mobile number', { exact: true }).fill(number);
    await popup.getByRole('button', { name: 'Send code', exact: true }).click();
    await popup.getByLabel('Code', { exact: true }).fill(await latestCode(edge.url, number));
    await popup.getByRole('button', { name: 'Verify', exact: true }).click();
    await popup.getByText('Visa ending in 4242 is saved to your account.', { exact: true }).waitFor();
    await see(popup, 'save-done');

    // The remaining levels, in the same window: the home address, then the identity document.
    await popup.goto(`${site}/account/verify/`);
    await popup.getByLabel('Address line 1', { exact: true }).waitFor();
    await popup.getByLabel('Country', { exact: true }).selectOption('GB');
    await popup.getByLabel('Address line 1', { exact: true }).fill('10 Downing Street');
    await popup.getByLabel('City or town', { exact: true }).fill('London');
    await popup.getByLabel('Postal code', { exact: true }).fill('sw1a 2aa');
    await popup.getByRole('button', { name: 'Save address', exact: true }).click();
    await popup.getByLabel('Document number', { exact: true }).waitFor();
    await popup.getByLabel('Given names', { exact: true }).fill('Grace');
    await popup.getByLabel('Family name', { exact: true }).fill('Hopper');
    await popup.getByLabel('Date of birth', { exact: true }).fill('1986-12-09');
    await popup.getByLabel('Document', { exact: true }).selectOption('passport');
    await popup.getByLabel('Document number', { exact: true }).fill('ID000001');
    await popup.getByLabel('Issuing country', { exact: true }).selectOption('GB');
    await popup.getByRole('button', { name: 'Verify my identity', exact: true }).click();
    const levels = async () => (await popup.evaluate(async () => (await fetch('/v1/me')).json())).levels;
    const until = Date.now() + 10_000;
    while ((await levels()).length < 4 && Date.now() < until) await popup.waitForTimeout(200);
    assert.deepEqual(await levels(), ['email', 'phone', 'address', 'identity']);
    await see(popup, 'verified');

    // 3. A passkey for the account, made in the Tessera window and kept for the next store.
    const cdp = await context.newCDPSession(popup);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    const added = new Promise((resolve) => cdp.on('WebAuthn.credentialAdded', (event) => resolve(event.credential)));
    await popup.goto(`${site}/account/security/`);
    await popup.locator('#cards tbody tr').filter({ hasText: '4242' }).waitFor();
    await popup.getByRole('button', { name: 'Add a passkey', exact: true }).click();
    const credential = await added;
    await popup.locator('#passkeys tbody tr').first().waitFor();
    await see(popup, 'security-with-card');

    // 4. At the second store: the account's passkey, the saved card, Pay. Nothing typed.
    const shop = await context.newPage();
    frame = await toCheckout(shop, second);
    const cardFrame = shop.frames().find((f) => f.url().includes('/v1/frame'));
    const frameCdp = await context.newCDPSession(cardFrame);
    await frameCdp.send('WebAuthn.enable');
    const { authenticatorId } = await frameCdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await frameCdp.send('WebAuthn.addCredential', { authenticatorId, credential });
    await see(shop, 'pay-with-account-offered');
    await frame.getByRole('button', { name: 'Pay with your Tessera account', exact: true }).click();
    await frame.getByRole('radio', { name: 'Visa ending in 4242' }).waitFor();
    assert.ok(await frame.getByRole('radio', { name: 'Visa ending in 4242' }).isChecked());
    assert.equal(await frame.getByLabel('Card number').isVisible(), false, 'no card fields to type in');
    await see(shop, 'pay-with-account-cards');
    await frame.getByRole('button', { name: /Pay \$25\.00/ }).click();
    await shop.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor({ timeout: 20_000 });
    await see(shop, 'paid-with-account');
    assert.equal(await frame.getByLabel('Card number').isVisible(), false, 'paid with a saved card: no empty card form appears');

    // The second merchant has its payment, and nothing of the account.
    const payments = (await api(edge.url, '/v1/payments?limit=10', { key: second.merchant.secret_key })).json.data;
    assert.equal(payments.length, 1);
    assert.equal(payments[0].card.last4, '4242');
    assert.ok(!JSON.stringify(payments).includes(address) && !JSON.stringify(payments).includes('sc_'));

    // 5. The account shows the payment, revokes that card frame, downloads its data, is deleted.
    await popup.goto(`${site}/account/activity/`);
    await popup.getByText(/Second Records/).first().waitFor();
    await see(popup, 'activity');
    await popup.goto(`${site}/account/security/`);
    await popup.getByRole('button', { name: /^Revoke/ }).first().click();
    await popup.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
    await popup.locator('#devices tbody tr').filter({ hasText: 'Revoked' }).waitFor();
    await popup.goto(`${site}/account/data/`);
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Download my data', exact: true }).click()]);
    const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(data.account.email, address);
    assert.equal(data.saved_cards[0].last4, '4242');
    assert.ok(data.activity.some((a) => a.type === 'payment'));
    assert.ok(data.devices.some((d) => d.kind === 'card_frame' && d.status === 'revoked'));
    await popup.getByRole('button', { name: 'Delete my account', exact: true }).click();
    await popup.getByRole('dialog').getByRole('button', { name: 'Delete my account', exact: true }).click();
    await popup.getByRole('heading', { name: 'Your account is deleted', level: 1 }).waitFor();
    // The merchants keep their payments.
    assert.equal((await api(edge.url, '/v1/payments?limit=10', { key: second.merchant.secret_key })).json.data.length, 1);
    await context.close();
  });
});
