// The card frame under the regional policy in Chromium: the edge places each browser with the
// development header X-Tessera-Dev-Country. In Germany the frame asks, in German, before it reads
// more than the strictly necessary components, remembers the answer for the device and pays either
// way; in the US (Texas) it reads everything at once, in Maryland only the necessary set, and in
// Japan it shows its notice. The confirm bodies the frame sends are read off the wire; axe-core
// checks the prompt, the state after a choice and the notice; screenshots go to test-results/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/tools.mjs';
import { audit } from '../lib/axe.mjs';
import { api } from '../lib/checkout.mjs';
import { latestCode } from '../lib/outbox.mjs';
import { bootShop } from '../lib/shop-fixture.mjs';

const artifacts = join(repoRoot, 'test-results');
mkdirSync(artifacts, { recursive: true });
/** What the frame may read before consent, and where the law limits it (core/src/fingerprint.rs). */
const NECESSARY = ['screen', 'color_depth', 'time_zone', 'languages', 'user_agent'];
/** The Pay button once the frame is initialised, by the frame's language. */
const PAY = { en: /^Pay \$25\.00$/, de: /^25,00\s\$ bezahlen$/u };
let shop;
let edge;
let store;
let browser;
let merchant;

before(async () => {
  shop = await bootShop();
  ({ edge, store, browser, merchant } = shop);
});
after(() => shop?.stop());

const newEmail = () => `shopper-${Math.random().toString(36).slice(2)}@example.com`;

/** A fresh browser profile (a new device) the edge places in `country`. */
async function shopperIn(country, options = {}) {
  const context = await browser.newContext(options);
  // Only the edge's requests carry the header, added on the wire: set on the page it would make
  // the loader's cross-origin script request need a CORS preflight the edge rightly refuses.
  await context.route(`${edge.url}/**`, (route) => route.continue({ headers: { ...route.request().headers(), 'x-tessera-dev-country': country } }));
  return context;
}

/** Checks a page state with axe and keeps a screenshot of it. */
async function see(page, name) {
  await page.waitForLoadState('networkidle');
  await audit(page, name);
  await page.screenshot({ path: join(artifacts, `regions-${name}.png`), fullPage: true });
}

/** A new tab in `context` at the checkout of one tee, the frame ready; `confirms` collects the bodies of its confirms. */
async function toCheckout(context, { email, lang = 'en' }) {
  const page = await context.newPage();
  const confirms = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /^\/v1\/checkout_sessions\/[^/]+\/confirm$/.test(new URL(r.url()).pathname)) confirms.push(r.postDataJSON());
  });
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add to cart' }).first().click();
  await page.getByLabel('Email for your receipt').fill(email);
  await page.getByRole('button', { name: 'Checkout' }).click();
  await page.waitForURL(/\/checkout\/ord_/);
  const frame = page.frameLocator('#pay iframe');
  // The amount shows once the frame has the summary, and with it the region's privacy answer.
  await frame.locator('#pay').filter({ hasText: PAY[lang] }).waitFor();
  await frame.locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started
  return { page, frame, confirms };
}

/** Fills the card by the fields' ids, which do not change with the language. */
async function fillCard(frame) {
  await frame.locator('#number').fill('4242 4242 4242 4242');
  await frame.locator('#expiry').fill('12 / 34');
  await frame.locator('#cvc').fill('123');
  await frame.locator('#name').fill('Ada Lovelace');
}

/**
 * Presses Pay and waits until the store shows the order paid. The test edge's risk rules allow
 * everything and $25 fits Germany's low-value exemption, so no step-up is expected; if SCA asks
 * for one anyway, the code from the outbox passes it.
 */
async function pay(page, frame, email) {
  await frame.locator('#pay').click();
  const thanks = page.getByRole('heading', { name: 'Thank you! Your order is paid.' });
  const first = await Promise.race([
    thanks.waitFor({ timeout: 15_000 }).then(() => 'paid'),
    frame.locator('#otp').waitFor({ state: 'visible', timeout: 15_000 }).then(() => 'code'),
  ]);
  if (first === 'code') {
    await frame.locator('#otp-code').fill(await latestCode(edge.url, email));
    await frame.locator('#pay').click();
    const skip = frame.locator('#passkey-skip');
    await Promise.race([thanks.waitFor({ timeout: 15_000 }), skip.waitFor({ state: 'visible', timeout: 15_000 }).then(() => skip.click())]);
    await thanks.waitFor({ timeout: 15_000 });
  }
  const order = await orderStatus(page);
  assert.equal(order.status, 'paid');
  assert.match(order.payment, /^pay_/);
  return order;
}

const orderStatus = async (page) => {
  const id = page.url().match(/ord_[\w-]+/)[0];
  return (await (await fetch(`${store.url}/orders/${id}.json`)).json());
};

/** The one confirm a page sent: its fingerprint's component names. */
function componentsSent(confirms) {
  assert.equal(confirms.length, 1, 'one confirm');
  const { fingerprint } = confirms[0];
  assert.match(fingerprint?.hash ?? '', /^[A-Za-z0-9_-]{43}$/, 'the confirm carries a fingerprint');
  return Object.keys(fingerprint.components);
}

function assertLimited(confirms) {
  const names = componentsSent(confirms);
  assert.ok(names.length > 0, 'some strictly necessary components');
  assert.deepEqual(names.filter((n) => !NECESSARY.includes(n)), [], `only strictly necessary components: ${names}`);
}

function assertFull(confirms) {
  const names = componentsSent(confirms);
  assert.ok(names.includes('canvas'), `the full fingerprint: ${names}`);
}

/** Clicks a choice in the prompt; the consent request and its answer. */
async function choose(page, frame, name) {
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && /^\/v1\/checkout_sessions\/[^/]+\/consent$/.test(new URL(r.url()).pathname)),
    frame.getByRole('button', { name, exact: true }).click(),
  ]);
  assert.equal(answer.status(), 201);
  const headers = await answer.request().allHeaders();
  assert.ok(headers.dpop, 'the choice is signed by the device key');
  return answer.request().postDataJSON();
}

const sessionOf = async (id) => (await api(edge.url, `/v1/checkout_sessions/${id}`, { key: merchant.secret_key })).json;

describe('fingerprinting under the regional policy', () => {
  test('a German shopper is asked in German, and the frame sends only the strictly necessary components until they agree', async () => {
    const email = newEmail();
    const context = await shopperIn('DE', { locale: 'de-DE' });

    // 1. The prompt, in German; paying without answering sends only the necessary set.
    const first = await toCheckout(context, { email, lang: 'de' });
    await first.frame.locator('#consent').waitFor({ state: 'visible' });
    assert.equal(await first.frame.locator('#consent-title').textContent(), 'Dieses Gerät wiedererkennen?');
    assert.equal(await first.frame.locator('#consent-allow').textContent(), 'Erlauben');
    assert.equal(await first.frame.locator('#consent-refuse').textContent(), 'Nicht jetzt');
    assert.equal(await first.frame.locator('#privacy-choices').isHidden(), true, 'no choice to change yet');
    await see(first.page, 'consent-prompt');
    await fillCard(first.frame);
    const firstOrder = await pay(first.page, first.frame, email);
    assertLimited(first.confirms);
    assert.deepEqual((await sessionOf(firstOrder.checkout_session)).consents, [], 'no choice was made');
    await first.page.close();

    // 2. The same device is asked again; after "Erlauben" the next confirm has the full fingerprint.
    const second = await toCheckout(context, { email, lang: 'de' });
    await second.frame.locator('#consent').waitFor({ state: 'visible' });
    const sent = await choose(second.page, second.frame, 'Erlauben');
    assert.equal(sent.choice, 'granted');
    assert.match(sent.language, /^de\b/);
    await second.frame.getByRole('button', { name: 'Datenschutz-Einstellungen', exact: true }).waitFor();
    assert.equal(await second.frame.locator('#consent').isHidden(), true);
    await see(second.page, 'consent-granted');
    await fillCard(second.frame);
    const secondOrder = await pay(second.page, second.frame, email);
    assertFull(second.confirms);
    const { consents } = await sessionOf(secondOrder.checkout_session);
    assert.equal(consents.length, 1);
    assert.equal(consents[0].choice, 'granted');
    assert.equal(consents[0].policy.rule, 'de.fingerprinting.consent');
    assert.equal(consents[0].policy.region, 'de');
    assert.equal(typeof consents[0].policy.version, 'string');
    assert.ok(consents[0].policy.version.length > 0, 'the policy version is recorded');
    await second.page.close();

    // 3. The choice is remembered for the device; "Datenschutz-Einstellungen" shows the prompt again.
    const third = await toCheckout(context, { email, lang: 'de' });
    const choices = third.frame.getByRole('button', { name: 'Datenschutz-Einstellungen', exact: true });
    await choices.waitFor();
    assert.equal(await third.frame.locator('#consent').isHidden(), true, 'not asked again');
    await choices.click();
    await third.frame.locator('#consent').waitFor({ state: 'visible' });
    await context.close();
  });

  test('a shopper who says no still pays', async () => {
    const email = newEmail();
    const context = await shopperIn('DE', { locale: 'de-DE' });
    const { page, frame, confirms } = await toCheckout(context, { email, lang: 'de' });
    await frame.locator('#consent').waitFor({ state: 'visible' });
    const sent = await choose(page, frame, 'Nicht jetzt');
    assert.equal(sent.choice, 'refused');
    await frame.getByRole('button', { name: 'Datenschutz-Einstellungen', exact: true }).waitFor();
    await fillCard(frame);
    const order = await pay(page, frame, email);
    assertLimited(confirms);
    const { consents } = await sessionOf(order.checkout_session);
    assert.deepEqual(consents.map((c) => [c.choice, c.policy.rule]), [['refused', 'de.fingerprinting.consent']]);
    await context.close();
  });

  test('a US shopper sees no prompt and Japan shows its notice', async () => {
    const email = newEmail();
    const texas = await shopperIn('US-TX');
    const us = await toCheckout(texas, { email });
    assert.equal(await us.frame.locator('#consent').isHidden(), true, 'no prompt in Texas');
    assert.equal(await us.frame.locator('#privacy-choices').isHidden(), true);
    assert.equal(await us.frame.locator('#notice-outside-japan').isHidden(), true);
    await fillCard(us.frame);
    await pay(us.page, us.frame, email);
    assertFull(us.confirms);
    await texas.close();

    const japan = await shopperIn('JP');
    const jp = await toCheckout(japan, { email: newEmail() });
    const notice = jp.frame.locator('#notice-outside-japan');
    await notice.waitFor({ state: 'visible' });
    assert.match(await notice.textContent(), /^Your payment details are processed by Tessera on servers that may be outside Japan/);
    assert.equal(await jp.frame.locator('#consent').isHidden(), true, 'no prompt in Japan');
    assert.equal(await jp.frame.locator('#privacy-choices').isHidden(), true);
    await see(jp.page, 'notice-outside-japan');
    await japan.close();
  });

  test('in Maryland the frame asks nothing and reads only the strictly necessary components', async () => {
    const email = newEmail();
    const context = await shopperIn('US-MD');
    const { page, frame, confirms } = await toCheckout(context, { email });
    assert.equal(await frame.locator('#consent').isHidden(), true, 'no prompt in Maryland');
    assert.equal(await frame.locator('#privacy-choices').isHidden(), true);
    await fillCard(frame);
    await pay(page, frame, email);
    assertLimited(confirms);
    await context.close();
  });
});
