// The Appearance API in Chromium: each theme, variables and rules applied inside the card frame
// (checked by computed style, audited with axe, kept as screenshots), and an appearance with a
// key or value the frame does not accept refused with an `invalid_appearance` error event while
// the frame still works in its own look.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/tools.mjs';
import { audit } from '../lib/axe.mjs';
import { bootShop } from '../lib/shop-fixture.mjs';

const artifacts = join(repoRoot, 'test-results');
mkdirSync(artifacts, { recursive: true });
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

/** Mounts another frame for the checkout's session with `appearance`; its events once ready. */
async function mount(id, appearance) {
  const events = await page.evaluate(async ([id, appearance]) => {
    const div = document.createElement('div');
    div.id = id;
    div.style.maxWidth = '420px';
    // Inside the store's own landmark, as a merchant would place it.
    (document.querySelector('main') ?? document.body).append(div);
    const pay = document.getElementById('pay');
    const handle = window.Tessera(pay.dataset.pk).mount(`#${id}`, { clientSecret: pay.dataset.clientSecret, appearance });
    // Kept on the page: an appearance's error and ready may come in either order.
    const seen = (window.seen ??= {})[id] = [];
    handle.on('error', (detail) => seen.push({ type: 'error', detail }));
    await new Promise((resolve) => handle.on('ready', () => { seen.push({ type: 'ready' }); resolve(); }));
    return seen;
  }, [id, appearance]);
  const frame = page.frameLocator(`#${id} iframe`);
  await frame.getByLabel('Card number').fill('4242 4242 4242 4242');
  return { events, frame };
}

const styleOf = (frame, selector, property) => frame.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property);
const rootClasses = (frame) => frame.locator('html').evaluate((el) => [...el.classList]);

for (const [theme, background] of [['stripe', 'rgb(255, 255, 255)'], ['night', 'rgb(31, 41, 51)'], ['flat', 'rgb(238, 241, 244)']]) {
  test(`the ${theme} theme`, async () => {
    const { events, frame } = await mount(`theme-${theme}`, { theme });
    assert.deepEqual(events, [{ type: 'ready' }]);
    assert.ok((await rootClasses(frame)).includes(`theme-${theme}`));
    assert.equal(await styleOf(frame, '#number', 'backgroundColor'), background, 'the field\'s background');
    await audit(page, `the frame in the ${theme} theme`);
    await page.locator(`#theme-${theme}`).screenshot({ path: join(artifacts, `appearance-${theme}.png`) });
  });
}

test('variables and rules restyle the fields and the button inside the frame', async () => {
  const { events, frame } = await mount('custom', {
    theme: 'stripe',
    variables: { colorPrimary: '#0b7285', borderRadius: '12px', fontSizeBase: '17px' },
    rules: { '.Input': { borderColor: '#0b7285', borderWidth: '2px' }, '.Label': { fontWeight: '700' } },
  });
  assert.deepEqual(events, [{ type: 'ready' }]);
  assert.equal(await styleOf(frame, '#number', 'borderTopLeftRadius'), '12px');
  assert.equal(await styleOf(frame, '#number', 'borderTopColor'), 'rgb(11, 114, 133)');
  assert.equal(await styleOf(frame, '#number', 'borderTopWidth'), '2px');
  assert.equal(await styleOf(frame, 'label', 'fontWeight'), '700');
  assert.equal(await styleOf(frame, '#pay', 'backgroundColor'), 'rgb(11, 114, 133)');
  assert.equal(await styleOf(frame, 'body', 'fontSize'), '17px');
  assert.equal(await frame.locator('[style]:not(html)').count(), 0, 'no inline style in the frame\'s markup');
  await audit(page, 'the frame with variables and rules');
  await page.locator('#custom').screenshot({ path: join(artifacts, 'appearance-custom.png') });
});

for (const [name, appearance, said] of [
  ['an unknown option', { colours: { primary: 'red' } }, /appearance\.colours is not an option/],
  ['a value that loads something', { variables: { colorBackground: 'url(https://evil.example/p.png)' } }, /colorBackground is not a value the frame accepts/],
  ['a selector outside the frame\'s list', { rules: { 'body *': { color: 'red' } } }, /is not a selector the frame has/],
]) {
  test(`${name} is refused with an error event, and the frame keeps its own look`, async () => {
    const id = `refused-${name.replace(/\W+/g, '-')}`;
    const { frame } = await mount(id, appearance);
    await page.waitForFunction((id) => window.seen[id].some((e) => e.type === 'error'), id, { timeout: 10_000 }).catch(() => {});
    const events = await page.evaluate((id) => window.seen[id], id);
    const error = events.find((e) => e.type === 'error');
    assert.ok(error, `an error event: ${JSON.stringify(events)}`);
    assert.equal(error.detail.code, 'invalid_appearance');
    assert.match(error.detail.message, said);
    assert.ok(events.some((e) => e.type === 'ready'), 'the frame still works');
    assert.deepEqual(await rootClasses(frame), [], 'no theme applied');
    assert.equal(await styleOf(frame, '#number', 'backgroundColor'), 'rgb(255, 255, 255)');
    assert.equal(await frame.locator('#number').evaluate((el) => getComputedStyle(el).borderTopLeftRadius), '6px');
  });
}
