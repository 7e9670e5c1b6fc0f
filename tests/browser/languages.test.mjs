// The card frame in every language Tessera speaks, in Chromium: the page claims the language the
// merchant asked for, its labels and Pay button are in it (amounts by Intl), right-to-left
// languages mirror the layout while card digits stay left to right, and axe finds nothing in
// any of them. Screenshots of German, Japanese and Arabic go to test-results/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/tools.mjs';
import { audit } from '../lib/axe.mjs';
import { bootShop } from '../lib/shop-fixture.mjs';

const artifacts = join(repoRoot, 'test-results');
mkdirSync(artifacts, { recursive: true });
// The merchant's locale option → the page's language; the card-number label in that language.
const LANGUAGES = [
  ['en-GB', 'en', 'Card number'],
  ['de-DE', 'de', 'Kartennummer'],
  ['fr-FR', 'fr', null],
  ['es-ES', 'es', null],
  ['it-IT', 'it', null],
  ['nl-NL', 'nl', null],
  ['pl-PL', 'pl', null],
  ['sv-SE', 'sv', null],
  ['ja-JP', 'ja', null],
  ['zh-CN', 'zh-Hans', null],
  ['ar-EG', 'ar', null],
];
const SHOTS = new Set(['de', 'ja', 'ar']);
let shop;
let page;

before(async () => {
  shop = await bootShop();
  const context = await shop.browser.newContext();
  page = await context.newPage();
  await page.goto(shop.store.url);
  await page.getByRole('button', { name: 'Add to cart' }).first().click();
  await page.getByRole('button', { name: 'Checkout' }).click();
  await page.waitForURL(/\/checkout\/ord_/);
  await page.frameLocator('#pay iframe').getByRole('button', { name: /Pay/ }).waitFor();
  await page.frameLocator('#pay iframe').locator('#card-form[aria-busy="false"]').waitFor(); // the widget has started
});
after(() => shop?.stop());

/** Mounts another frame for the checkout's session in `locale`; resolves once it is ready. */
async function mount(id, locale) {
  await page.evaluate(async ([id, locale]) => {
    const div = document.createElement('div');
    div.id = id;
    div.style.maxWidth = '420px';
    (document.querySelector('main') ?? document.body).append(div);
    const pay = document.getElementById('pay');
    const handle = window.Tessera(pay.dataset.pk).mount(`#${id}`, { clientSecret: pay.dataset.clientSecret, locale, title: `Card payment (${locale})` });
    await new Promise((resolve) => handle.on('ready', resolve));
  }, [id, locale]);
  return page.frameLocator(`#${id} iframe`);
}

const box = (locator) => locator.first().evaluate((el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right }; });

for (const [locale, lang, numberLabel] of LANGUAGES) {
  test(`the frame in ${lang} (${locale})`, async () => {
    const id = `lang-${lang}`;
    const frame = await mount(id, locale);
    const html = frame.locator('html');
    assert.equal(await html.getAttribute('lang'), lang);
    const rtl = lang === 'ar';
    assert.equal(await html.getAttribute('dir'), rtl ? 'rtl' : 'ltr');
    const label = (await frame.locator('label[for="number"]').textContent()).trim();
    if (numberLabel) assert.equal(label, numberLabel);
    else assert.notEqual(label, 'Card number', `${lang} has its own words`);
    // The Pay button's amount is formatted for the language by Intl, as the shopper reads amounts.
    const button = (await frame.locator('#pay').textContent()).trim();
    // The order's total as the store prints it (en-US), formatted again for this language.
    const total = (await page.locator('main strong').first().textContent()).trim();
    const major = Number(total.replace(/[^0-9.]/g, ''));
    const expected = await frame.locator('html').evaluate((_, [n, l]) => new Intl.NumberFormat([l], { style: 'currency', currency: 'USD' }).format(n), [major, locale]);
    assert.ok(button.includes(expected), `${button} shows ${expected}`);
    if (lang !== 'en') assert.ok(!/\bPay\b/.test(button), `${button} is not English`);

    await frame.getByRole('textbox').first().fill('4242 4242 4242 4242');
    const number = frame.locator('#number');
    assert.equal(await number.evaluate((el) => getComputedStyle(el).direction), 'ltr', 'card digits read left to right');
    const [field, labelBox, brand] = [await box(number), await box(frame.locator('label[for="number"]')), await box(frame.locator('#brand'))];
    if (rtl) {
      assert.ok(Math.abs(labelBox.right - field.right) < 2, `the label starts at the right (${labelBox.right} vs ${field.right})`);
      assert.ok(brand.left - field.left < field.right - brand.right, 'the card brand sits at the field\'s left end');
    } else {
      assert.ok(Math.abs(labelBox.left - field.left) < 2, 'the label starts at the left');
      assert.ok(brand.right > field.left + field.right / 2, 'the card brand sits at the field\'s right end');
    }
    await audit(page, `the frame in ${lang}`);
    if (SHOTS.has(lang)) await page.locator(`#${id}`).screenshot({ path: join(artifacts, `frame-${lang}.png`) });
  });
}
