// Step-up in the browser with the default risk rules: the first payment from a browser needs the
// code from the development outbox, the next one from the same browser does not, a new browser
// needs it again; wrong codes lock; a changed amount voids the code. And the fingerprint.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit } from '../lib/axe.mjs';
import { api } from '../lib/checkout.mjs';
import { codeIn, codesTo, latestCode as codeFor, outbox } from '../lib/outbox.mjs';
import { bootShop } from '../lib/shop-fixture.mjs';

let shop;
let edge;
let store;
let browser;
let merchant;

before(async () => {
  shop = await bootShop({ riskRules: 'default' });
  ({ edge, store, browser, merchant } = shop);
});
after(() => shop?.stop());

const newEmail = () => `shopper-${Math.random().toString(36).slice(2)}@example.com`;
const messagesTo = (email) => outbox(edge.url, email);
const latestCode = (email) => codeFor(edge.url, email);

/** Adds a tee to the cart, checks out as `email`, fills the card and presses Pay. */
async function payAs(page, email, number = '4242 4242 4242 4242') {
  await page.goto(store.url);
  await page.getByRole('button', { name: 'Add to cart' }).first().click();
  await page.getByLabel('Email for your receipt').fill(email);
  await page.getByRole('button', { name: 'Checkout' }).click();
  const frame = page.frameLocator('#pay iframe');
  await frame.getByRole('button', { name: /Pay \$25\.00/ }).waitFor();
  await frame.locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiry date').fill('12 / 34');
  await frame.getByLabel('Security code').fill('123');
  await frame.getByLabel('Name on card').fill('Ada Lovelace');
  await frame.getByRole('button', { name: /Pay/ }).click();
  return frame;
}

const paid = (page) => page.getByRole('heading', { name: 'Thank you! Your order is paid.' }).waitFor({ timeout: 15_000 });

async function enterCode(frame, code) {
  await frame.getByLabel('Code', { exact: true }).fill(code);
  await frame.getByRole('button', { name: 'Confirm code' }).click();
}

/** After a code, the frame offers a passkey before it reports the payment complete. */
async function declinePasskey(frame) {
  await frame.getByRole('button', { name: 'Not now' }).click();
}

describe('step-up with a one-time code', () => {
  test('first payment needs the code; the same browser then pays without one; a new browser needs it again', async () => {
    const email = newEmail();
    const context = await browser.newContext();
    const page = await context.newPage();
    const frame = await payAs(page, email);
    await frame.locator('#otp-intro').filter({ hasText: 's***@example.com' }).waitFor();
    assert.match(await frame.locator('#otp-intro').textContent(), /enter the 6-digit code we sent to s\*\*\*@example\.com/);
    assert.equal(await frame.getByLabel('Card number').getAttribute('readonly'), '', 'the card is locked while the code is pending');
    await audit(page, 'the frame asking for a code');
    await enterCode(frame, await latestCode(email));
    await declinePasskey(frame);
    await paid(page);

    // Codes only: each payment also sends its receipt.
    const before = (await codesTo(edge.url, email)).length;
    await payAs(page, email);
    await paid(page);
    assert.equal((await codesTo(edge.url, email)).length, before, 'no code the second time');
    await context.close();

    const otherBrowser = await browser.newContext();
    const other = await otherBrowser.newPage();
    const otherFrame = await payAs(other, email);
    await otherFrame.locator('#otp').waitFor({ state: 'visible' });
    await enterCode(otherFrame, await latestCode(email));
    await declinePasskey(otherFrame);
    await paid(other);
    await otherBrowser.close();
  });

  test('five wrong codes lock the payment with a clear message', async () => {
    const email = newEmail();
    const context = await browser.newContext();
    const page = await context.newPage();
    const frame = await payAs(page, email);
    await frame.locator('#otp').waitFor({ state: 'visible' });
    const wrong = (await latestCode(email)) === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      await enterCode(frame, wrong);
      await frame.locator('#otp-error').filter({ hasText: 5 - i === 1 ? '1 attempt left.' : `${5 - i} attempts left.` }).waitFor();
      if (i === 1) await audit(page, 'the frame after a wrong code');
    }
    await enterCode(frame, wrong);
    await frame.locator('#status').filter({ hasText: 'Too many wrong codes' }).waitFor();
    assert.equal(await frame.locator('#pay').isDisabled(), true);
    await page.locator('#checkout-message').filter({ hasText: 'Too many wrong codes' }).waitFor();
    await audit(page, 'the frame locked after five wrong codes');
    await context.close();
  });

  test('a changed amount voids the code; a new code then pays', async () => {
    const email = newEmail();
    const context = await browser.newContext();
    const page = await context.newPage();
    const frame = await payAs(page, email);
    await frame.locator('#otp').waitFor({ state: 'visible' });
    const oldCode = await latestCode(email);
    const order = await (await fetch(`${page.url().replace('/checkout/', '/orders/')}.json`)).json();
    const changed = await api(edge.url, `/v1/checkout_sessions/${order.checkout_session}`, { method: 'POST', key: merchant.secret_key, body: { amount: 3000 } });
    assert.equal(changed.status, 200);
    await enterCode(frame, oldCode);
    await frame.locator('#otp-error').filter({ hasText: 'The amount changed' }).waitFor();
    await new Promise((r) => setTimeout(r, 2100));
    await frame.getByRole('button', { name: 'Send a new code' }).click();
    await page.waitForFunction(async ([url, to, count]) => {
      const r = await fetch(`${url}/dev/outbox?to=${encodeURIComponent(to)}`);
      return (await r.json()).messages.length > count;
    }, [edge.url, email, 1]).catch(() => {});
    const messages = await messagesTo(email);
    assert.equal(messages.length, 2);
    assert.match(messages[0].body, /USD 30\.00/);
    await enterCode(frame, codeIn(messages[0].body));
    await declinePasskey(frame);
    await paid(page);
    await context.close();
  });
});

describe('the fingerprint', () => {
  async function fingerprintIn(contextOptions) {
    const context = await browser.newContext(contextOptions);
    const page = await context.newPage();
    const read = async () => {
      await page.goto(store.url);
      await page.getByRole('button', { name: 'Add to cart' }).first().click();
      await page.getByRole('button', { name: 'Checkout' }).click();
      // The Pay button shows the amount once the frame is initialised (in any language).
      await page.frameLocator('#pay iframe').locator('#pay').filter({ hasText: /25[.,]00/ }).waitFor();
      await page.frameLocator('#pay iframe').locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started
      const frame = page.frames().find((f) => f.url().includes('/v1/frame'));
      return JSON.parse(await frame.evaluate(async () => {
        const widget = await import('/v1/frame/tessera_widget.js');
        await widget.default(); // a no-op when the frame already started it
        return widget.collectFingerprint();
      }));
    };
    const first = await read();
    const reloaded = await read();
    await context.close();
    return { first, reloaded };
  }

  test('is stable across reloads and changes with the viewport, the locale or the time zone', async () => {
    const base = { viewport: { width: 1280, height: 720 }, locale: 'en-US', timezoneId: 'Europe/London' };
    const home = await fingerprintIn(base);
    assert.equal(home.first.hash, home.reloaded.hash, 'stable across reloads');
    assert.ok(Object.keys(home.first.components).length >= 10, `components: ${Object.keys(home.first.components)}`);
    for (const raw of Object.values(home.first.components)) assert.match(raw, /^[A-Za-z0-9_-]{43}$/, 'only hashes leave the browser');

    for (const change of [{ viewport: { width: 800, height: 600 } }, { locale: 'de-DE' }, { timezoneId: 'Asia/Tokyo' }]) {
      const other = await fingerprintIn({ ...base, ...change });
      assert.notEqual(other.first.hash, home.first.hash, JSON.stringify(change));
      const changed = Object.keys(home.first.components).filter((k) => home.first.components[k] !== other.first.components[k]);
      assert.ok(changed.length >= 1 && changed.length <= 3, `${JSON.stringify(change)} changed ${changed}`);
    }
  });
});
