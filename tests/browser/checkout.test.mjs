// A shopper pays in a real browser: the demo store, the Tessera frame served by the edge in
// workerd, Debian's Chromium driven by Playwright.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/tools.mjs';
import { audit } from '../lib/axe.mjs';
import { leakForms } from '../lib/edge-fixture.mjs';
import { liveRegions } from '../lib/live-regions.mjs';
import { bootShop } from '../lib/shop-fixture.mjs';

const artifacts = join(repoRoot, 'test-results');
mkdirSync(artifacts, { recursive: true });
const PANS = ['4242424242424242', '4000000000000002'];
let shop;
let edge;
let store;
let browser;
const storeRequests = [];

before(async () => {
  shop = await bootShop();
  ({ edge, store, browser } = shop);
});
after(() => shop?.stop());

/** A fresh browser profile (a new device) watching every request to the store. */
async function newShopper() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('request', (r) => {
    if (r.url().startsWith(store.url)) storeRequests.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`);
  });
  return { context, page };
}

async function toCheckout(page) {
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add to cart' }).first().click();
  await page.getByRole('button', { name: 'Checkout' }).click();
  await page.waitForURL(/\/checkout\/ord_/);
  const frame = page.frameLocator('#pay iframe');
  await frame.getByRole('button', { name: /Pay \$25\.00/ }).waitFor();
  await frame.locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started
  return frame;
}

async function fillCard(frame, number) {
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiry date').fill('12 / 34');
  await frame.getByLabel('Security code').fill('123');
  await frame.getByLabel('Name on card').fill('Ada Lovelace');
}

const orderStatus = async (page) => {
  const id = page.url().match(/ord_[\w-]+/)[0];
  return (await (await fetch(`${store.url}/orders/${id}.json`)).json());
};

describe('paying in the demo store', () => {
  test('4242 4242 4242 4242 pays; the order is paid after the signed webhook', async () => {
    const { context, page } = await newShopper();
    const frame = await toCheckout(page);
    await audit(page, 'the demo store\'s checkout with the frame empty');
    const pay = frame.getByRole('button', { name: /Pay/ });
    assert.equal(await pay.isDisabled(), true, 'disabled until the card is valid');
    await fillCard(frame, '4242 4242 4242 4242');
    await audit(page, 'the frame filled in');
    assert.equal(await frame.getByLabel('Card number').inputValue(), '4242 4242 4242 4242');
    assert.equal(await frame.locator('#brand').textContent(), 'visa');
    assert.equal(await pay.isEnabled(), true);
    await page.screenshot({ path: join(artifacts, 'checkout-filled.png'), fullPage: true });
    const html = await page.content();
    for (const form of leakForms(PANS[0])) assert.ok(!html.includes(form), 'the PAN is not in the store page DOM');
    // The device key the frame made and stored: a P-256 signing key no script can read out.
    const stored = await page.frames().find((f) => f.url().includes('/v1/frame')).evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('tessera');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const get = open.result.transaction('device').objectStore('device').get('signing-key');
        get.onerror = () => reject(get.error);
        get.onsuccess = () => {
          const key = get.result.privateKey;
          resolve({ type: key.type, extractable: key.extractable, name: key.algorithm.name, curve: key.algorithm.namedCurve, usages: key.usages });
        };
      };
    }));
    assert.deepEqual(stored, { type: 'private', extractable: false, name: 'ECDSA', curve: 'P-256', usages: ['sign'] });

    await pay.click();
    await page.waitForURL(/\/orders\/ord_/);
    await page.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(artifacts, 'checkout-success.png'), fullPage: true });
    await audit(page, 'the demo store\'s order page, paid');
    const order = await orderStatus(page);
    assert.equal(order.status, 'paid');
    assert.match(order.payment, /^pay_/);
    assert.ok(order.events.some((e) => e.type === 'payment.succeeded'));
    await context.close();
  });

  test('a declined card shows a clear message, and another card then pays', async () => {
    const { context, page } = await newShopper();
    const frame = await toCheckout(page);
    await fillCard(frame, '4000 0000 0000 0002');
    await frame.getByRole('button', { name: /Pay/ }).click();
    await frame.locator('#status').filter({ hasText: 'declined' }).waitFor();
    assert.match(await frame.locator('#status').textContent(), /Your card was declined\. Please try another card\./);
    await page.locator('#checkout-message').filter({ hasText: 'declined' }).waitFor();
    await audit(page, 'the frame after a decline');
    assert.match(page.url(), /\/checkout\//, 'still on the checkout page');

    await frame.getByLabel('Card number').fill('4242424242424242');
    await frame.getByRole('button', { name: /Pay/ }).click();
    await page.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor({ timeout: 15_000 });
    const order = await orderStatus(page);
    assert.deepEqual(order.events.map((e) => e.type).sort(), ['payment.failed', 'payment.succeeded']);
    await context.close();
  });

  test('with the checkout open in two tabs, a new attempt in one cancels the other: one payment', async () => {
    const { context, page: first } = await newShopper();
    const firstFrame = await toCheckout(first);
    const orderId = first.url().match(/ord_[\w-]+/)[0];
    const second = await context.newPage();
    await second.goto(`${store.url}/orders/${orderId}/failed`);
    await second.getByRole('button', { name: 'Try again' }).click();
    await second.waitForURL(/\/checkout\/ord_/);
    const secondFrame = second.frameLocator('#pay iframe');
    await secondFrame.getByRole('button', { name: /Pay \$25\.00/ }).waitFor();
    await secondFrame.locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started

    await fillCard(firstFrame, '4242 4242 4242 4242');
    await firstFrame.getByRole('button', { name: /Pay/ }).click();
    await firstFrame.locator('#status').filter({ hasText: 'canceled' }).waitFor();
    assert.match(await firstFrame.locator('#status').textContent(), /This checkout was canceled/);
    await first.getByRole('link', { name: 'Continue to the current checkout' }).waitFor();
    await first.screenshot({ path: join(artifacts, 'checkout-replaced.png'), fullPage: true });

    await fillCard(secondFrame, '4242 4242 4242 4242');
    await secondFrame.getByRole('button', { name: /Pay/ }).click();
    await second.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor({ timeout: 15_000 });
    const order = await orderStatus(second);
    assert.equal(order.sessions.length, 2);
    assert.equal(order.events.filter((e) => e.type === 'payment.succeeded').length, 1);
    const auth = { Authorization: `Bearer ${shop.merchant.secret_key}` };
    const [old, current] = await Promise.all(order.sessions.map(async (id) => (await fetch(`${edge.url}/v1/checkout_sessions/${id}`, { headers: auth })).json()));
    assert.equal(old.status, 'canceled');
    assert.equal(current.status, 'succeeded');

    // Once paid, "Try again" makes no new session.
    await second.goto(`${store.url}/orders/${orderId}/failed`);
    await second.getByRole('button', { name: 'Try again' }).click();
    await second.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor();
    assert.equal((await orderStatus(second)).sessions.length, 2);
    await context.close();
  });

  test('field errors, a decline and the result are announced: live regions in Chromium\'s accessibility tree', async () => {
    const { context, page } = await newShopper();
    const frame = await toCheckout(page);
    assert.deepEqual(await liveRegions(page, '/v1/frame'), [], 'nothing announced before the shopper acts');
    await frame.getByLabel('Card number').pressSequentially('4242 4242');
    await frame.getByLabel('Expiry date').focus();
    await frame.locator('#number-error').filter({ hasText: 'incomplete' }).waitFor();
    assert.deepEqual(await liveRegions(page, '/v1/frame'), [{ role: 'alert', live: 'assertive', text: 'Your card number is incomplete or invalid.' }]);

    await fillCard(frame, '4000 0000 0000 0002');
    await frame.getByRole('button', { name: /Pay/ }).click();
    await frame.locator('#status').filter({ hasText: 'declined' }).waitFor();
    assert.deepEqual(await liveRegions(page, '/v1/frame'), [{ role: 'status', live: 'polite', text: 'Your card was declined. Please try another card.' }]);
    await context.close();
  });

  test('errors wait until the shopper leaves a field', async () => {
    const { context, page } = await newShopper();
    const frame = await toCheckout(page);
    const number = frame.getByLabel('Card number');
    await number.pressSequentially('4242 4242');
    assert.equal(await frame.locator('#number-error').isHidden(), true, 'no error while typing');
    await frame.getByLabel('Expiry date').focus();
    assert.equal(await frame.locator('#number-error').textContent(), 'Your card number is incomplete or invalid.');
    assert.equal(await number.getAttribute('aria-invalid'), 'true');
    await frame.getByLabel('Expiry date').pressSequentially('0120');
    assert.equal(await frame.locator('#expiry-error').textContent(), 'Your card has expired.');
    await audit(page, 'the frame with invalid fields');
    await context.close();
  });

  test('a shopper can pay with the keyboard alone', async () => {
    const { context, page } = await newShopper();
    const frame = await toCheckout(page);
    const focused = (id) => frame.locator(`#${id}`).evaluate((el) => document.activeElement === el && document.hasFocus());
    let presses = 0;
    while (!(await focused('number')) && presses++ < 10) await page.keyboard.press('Tab');
    assert.ok(await focused('number'), 'Tab reaches the card number field');
    await page.keyboard.type('4242424242424242');
    assert.ok(await focused('expiry'), 'a complete number moves on to the expiry');
    await page.keyboard.type('1234');
    assert.ok(await focused('cvc'));
    await page.keyboard.type('123');
    await page.keyboard.press('Tab');
    assert.ok(await focused('name'));
    await page.keyboard.type('Grace Hopper');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor({ timeout: 15_000 });
    await context.close();
  });
});

describe('the frame in the shopper\'s locale, while busy, and in the host page', () => {
  test('labels and the amount follow the shopper\'s locale', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(store.url);
    await page.getByRole('button', { name: 'Add to cart' }).first().click();
    await page.getByRole('button', { name: 'Checkout' }).click();
    const frame = page.frameLocator('#pay iframe');
    const pay = frame.locator('#pay');
    await pay.filter({ hasText: /25,00/ }).waitFor();
    await frame.locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started
    assert.match(await pay.textContent(), /^25,00\s\$ bezahlen$/u);
    assert.equal(await frame.locator('#number-label').textContent(), 'Kartennummer');
    // Messages shown later come from the page the edge wrote in the browser's language, too.
    await frame.locator('#number').fill('4242 4242 4242 4241');
    await frame.locator('#expiry').focus();
    assert.equal(await frame.locator('#number-error').textContent(), 'Ihre Kartennummer ist unvollständig oder ungültig.');
    await context.close();
  });

  test('the Pay button shows a busy state while the processor is slow, then the payment completes', async () => {
    const { context, page } = await newShopper();
    const frame = await toCheckout(page);
    await fillCard(frame, '4000 0000 0000 0770');
    // The first confirm waits until the busy frame has been checked with axe.
    let release;
    const checked = new Promise((resolve) => { release = resolve; });
    await context.route('**/v1/checkout_sessions/*/confirm', async (route) => { await checked; await route.continue(); });
    const pay = frame.locator('#pay');
    await pay.click();
    await pay.filter({ hasText: 'Processing…' }).waitFor();
    assert.equal(await pay.getAttribute('aria-busy'), 'true');
    assert.equal(await pay.isDisabled(), true);
    assert.equal(await frame.getByLabel('Card number').getAttribute('readonly'), '');
    await audit(page, 'the frame paying');
    release();
    await page.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor({ timeout: 15_000 });
    await context.close();
  });

  test('the frame sizes itself to its content, and unmount removes it', async () => {
    const { context, page } = await newShopper();
    const frame = await toCheckout(page);
    const contentHeight = await frame.locator('html').evaluate((el) => el.scrollHeight);
    const iframeHeight = await page.locator('#pay iframe').evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(Math.abs(contentHeight - iframeHeight) <= 2, `iframe ${iframeHeight}px, content ${contentHeight}px`);

    // A second frame, its widget held back: the page rendered by the edge already gives the
    // iframe its height, so nothing jumps when the widget starts.
    let releaseWidget;
    const held = new Promise((resolve) => { releaseWidget = resolve; });
    await page.route('**/tessera_widget_bg.wasm', async (route) => { await held; await route.continue(); });
    await page.evaluate(() => {
      const div = document.createElement('div');
      div.id = 'second';
      document.body.append(div);
      const secret = document.getElementById('pay').dataset.clientSecret;
      window.seen = [];
      window.second = window.Tessera(document.getElementById('pay').dataset.pk).mount('#second', { clientSecret: secret });
      window.ready = new Promise((resolve) => window.second.on('ready', () => { window.seen.push('ready'); resolve(); }));
    });
    const second = page.locator('#second iframe');
    const heightOf = () => second.evaluate((el) => el.getBoundingClientRect().height);
    await page.waitForFunction(() => document.querySelector('#second iframe')?.style.height !== '280px', null, { timeout: 10_000 });
    const reserved = await heightOf();
    const secondContent = await page.frameLocator('#second iframe').locator('html').evaluate((el) => el.scrollHeight);
    assert.ok(Math.abs(reserved - secondContent) <= 2, `reserved ${reserved}px before the widget ran, content ${secondContent}px`);
    assert.deepEqual(await page.evaluate(() => window.seen), [], 'the widget has not started yet');
    assert.equal(await page.frameLocator('#second iframe').locator('#card-form').getAttribute('aria-busy'), 'true', 'the drawn form says it is not the widget\'s yet');
    // The edge drew the amount into the page the loader posted: the Pay button shows it before
    // any wasm runs, and the frame never asks for the summary.
    const summaries = [];
    page.on('request', (r) => { if (r.url().endsWith('/summary')) summaries.push(r.url()); });
    const firstPay = await frame.locator('#pay').textContent();
    assert.match(firstPay, /^Pay \$\d+\.\d\d$/);
    assert.equal(await page.frameLocator('#second iframe').locator('#pay').textContent(), firstPay);
    assert.ok(!page.frames().some((f) => f.url().includes('cs_')), 'no frame address holds the session or its secret');
    // A shopper (or autofill) can fill the drawn form before the widget runs: it counts.
    const secondFrame = page.frameLocator('#second iframe');
    await secondFrame.locator('#number').fill('4242424242424242');
    await secondFrame.locator('#expiry').fill('12 / 34');
    await secondFrame.locator('#cvc').fill('123');
    await secondFrame.locator('#name').fill('Early Typist');
    releaseWidget();
    await page.evaluate(() => window.ready);
    assert.ok(Math.abs((await heightOf()) - reserved) <= 2, `no jump: ${reserved}px before, ${await heightOf()}px once ready`);
    assert.equal(await page.frameLocator('#second iframe').locator('#pay').textContent(), firstPay, 'the widget wrote the same amount');
    assert.deepEqual(summaries, [], 'no summary round trip');
    assert.equal(await secondFrame.locator('#number').inputValue(), '4242 4242 4242 4242', 'the early number, formatted once the widget started');
    assert.equal(await secondFrame.locator('#pay').isEnabled(), true, 'the early card is complete: Pay is enabled');

    const events = await page.evaluate(() => {
      window.second.unmount();
      return { seen: window.seen, left: document.querySelectorAll('#second iframe').length };
    });
    assert.deepEqual(events, { seen: ['ready'], left: 0 });
    await context.close();
  });
});

describe('the frame refuses sites that are not allowed', () => {
  let evil;
  before(async () => {
    const merchantPk = store.publishableKey;
    evil = createServer((req, res) => {
      const origin = new URL(req.url, 'http://x').searchParams.get('claim');
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!doctype html><iframe id="f" src="${edge.url}/v1/frame?pk=${merchantPk}&origin=${encodeURIComponent(origin)}"></iframe>`);
    });
    await new Promise((r) => evil.listen(0, '127.0.0.1', r));
  });
  after(() => new Promise((r) => evil.close(r)));

  for (const [name, claim] of [['naming itself', null], ['pretending to be the store', 'store']]) {
    test(`a page on another origin ${name} cannot show the card form`, async () => {
      const { context, page } = await newShopper();
      const evilOrigin = `http://127.0.0.1:${evil.address().port}`;
      const claimed = claim === 'store' ? store.url : evilOrigin;
      const blocked = [];
      page.on('console', (m) => { if (/frame-ancestors|Refused to frame/i.test(m.text())) blocked.push(m.text()); });
      await page.goto(`${evilOrigin}/?claim=${encodeURIComponent(claimed)}`);
      await page.waitForTimeout(1500);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      const inputs = frame ? await frame.locator('#number').count().catch(() => 0) : 0;
      assert.equal(inputs, 0, 'no card field rendered');
      assert.ok(blocked.length > 0, 'Chromium refused to frame it');
      await context.close();
    });
  }
});

describe('card data', () => {
  test('the PAN never reaches the store, the edge logs or the D1 files', async () => {
    assert.ok(storeRequests.length > 10, 'requests to the store were recorded');
    const stored = Buffer.concat(edge.storedBytes());
    const logs = edge.logs();
    for (const pan of PANS) {
      for (const form of leakForms(pan)) {
        assert.ok(!storeRequests.some((r) => r.includes(form) || r.includes(encodeURIComponent(form))), 'PAN sent to the store');
        assert.ok(!logs.includes(form), 'PAN in the edge logs');
        assert.ok(!stored.includes(form), 'PAN at rest in clear');
      }
    }
  });
});
