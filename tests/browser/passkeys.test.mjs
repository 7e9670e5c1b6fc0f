// Passkeys in Chromium with the DevTools virtual authenticator (ctap2, internal, resident key,
// user verification): after a code step-up the shopper saves a passkey; on another device of
// theirs holding the same passkey, the step-up is the passkey and no code is sent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit } from '../lib/axe.mjs';
import { codeIn, codesTo, outbox as outboxOf } from '../lib/outbox.mjs';
import { bootShop } from '../lib/shop-fixture.mjs';

let shop;
let edge;
let store;
let browser;

before(async () => {
  shop = await bootShop({ riskRules: 'default', viaLocalhost: true });
  ({ edge, store, browser } = shop);
});
after(() => shop?.stop());

const email = 'passkey-shopper@example.com';
const outbox = () => outboxOf(edge.url, email);

/** Opens the checkout and attaches a virtual authenticator to the card frame (its own process). */
async function checkout(context, credential) {
  const page = await context.newPage();
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add to cart' }).first().click();
  await page.getByLabel('Email for your receipt').fill(email);
  await page.getByRole('button', { name: 'Checkout' }).click();
  const frame = page.frameLocator('#pay iframe');
  await frame.locator('#pay').filter({ hasText: /25\.00/ }).waitFor();
  await frame.locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started
  const cardFrame = page.frames().find((f) => f.url().includes('/v1/frame'));
  const cdp = await context.newCDPSession(cardFrame);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  if (credential) await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
  await frame.getByLabel('Card number').fill('4242 4242 4242 4242');
  await frame.getByLabel('Expiry date').fill('12 / 34');
  await frame.getByLabel('Security code').fill('123');
  await frame.getByLabel('Name on card').fill('Grace Hopper');
  return { page, frame, cdp, authenticatorId };
}

test('save a passkey after a code, then pay with it from another device', { timeout: 90_000 }, async () => {
  const first = await browser.newContext();
  const a = await checkout(first);
  await a.frame.getByRole('button', { name: /Pay/ }).click();
  await a.frame.locator('#otp').waitFor({ state: 'visible' });
  const code = codeIn((await outbox())[0].body);
  await a.frame.getByLabel('Code', { exact: true }).fill(code);
  await a.frame.getByRole('button', { name: 'Confirm code' }).click();
  // The frame goes away when the store shows its order page, so keep the passkey as it is made.
  const added = new Promise((resolve) => a.cdp.on('WebAuthn.credentialAdded', (event) => resolve(event.credential)));
  await a.frame.getByRole('button', { name: 'Save a passkey' }).waitFor();
  await audit(a.page, 'the frame offering to save a passkey');
  await a.frame.getByRole('button', { name: 'Save a passkey' }).click();
  const credential = await added;
  await a.page.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor({ timeout: 15_000 });
  assert.equal(credential.rpId, 'localhost');
  assert.equal(credential.isResidentCredential, true);
  await first.close();

  // Codes only: each payment also sends its receipt.
  const codesBefore = (await codesTo(edge.url, email)).length;
  const second = await browser.newContext();
  const b = await checkout(second, credential);
  const asserted = new Promise((resolve) => b.cdp.on('WebAuthn.credentialAsserted', (event) => resolve(event.credential)));
  await b.frame.getByRole('button', { name: /Pay/ }).click();
  assert.equal((await asserted).credentialId, credential.credentialId, 'the passkey signed the step-up');
  await b.page.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor({ timeout: 15_000 });
  assert.equal((await codesTo(edge.url, email)).length, codesBefore, 'no code: the passkey was the step-up');
  await second.close();
});
